/**
 * `@name` mentions in an internal note. A colleague may be named by first name, last name, both (in
 * either order, with or without a space: Chinese names are written family name first, "张伟"),
 * username or the local part of their email. Chinese text has no spaces, so "@张伟请跟进" mentions
 * 张伟: a name written in Han characters needs no boundary after it; a Latin one does ("@li" does
 * not match "@lina"). The longest name that fits wins; a name two colleagues share mentions both.
 */
export interface MentionCandidate {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

/** A character that continues a Latin name, a username or an email local part. */
const WORD = /[\p{L}\p{N}._-]/u;
const HAN = /\p{Script=Han}/u;
/** Whether the text goes on with the same Latin word at `i` (a full stop or dash before a space ends a sentence, not a name). */
const continuesWord = (text: string, i: number): boolean => {
  const c = text[i];
  if (c === undefined || HAN.test(c) || !WORD.test(c)) return false;
  return /[._-]/.test(c) ? continuesWord(text, i + 1) : true;
};

/** Every way this colleague may be written after `@`, lower-cased. */
export const namesOf = (person: MentionCandidate): string[] => {
  const first = person.firstname?.trim() ?? '';
  const last = person.lastname?.trim() ?? '';
  const names = [first, last, person.username?.trim() ?? '', person.email?.split('@')[0]?.trim() ?? ''];
  if (first && last) names.push(`${first} ${last}`, `${last} ${first}`, `${first}${last}`, `${last}${first}`);
  return [...new Set(names.filter((n) => n.length > 0).map((n) => n.toLowerCase()))];
};

/** Ids of the colleagues a text mentions, in the order first mentioned, each once. */
export const findMentions = (text: string, people: readonly MentionCandidate[]): number[] => {
  const found: number[] = [];
  const names = people.flatMap((person) => namesOf(person).map((name) => ({ id: person.id, name })));
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    // "li.na@example.com" is an address, not a mention.
    if (at > 0 && WORD.test(lower[at - 1]) && !HAN.test(lower[at - 1])) continue;
    const rest = lower.slice(at + 1);
    let best = 0;
    let ids: number[] = [];
    for (const { id, name } of names) {
      if (!rest.startsWith(name) || name.length < best) continue;
      if (!HAN.test(name[name.length - 1]) && continuesWord(rest, name.length)) continue;
      if (name.length > best) {
        best = name.length;
        ids = [];
      }
      if (!ids.includes(id)) ids.push(id);
    }
    for (const id of ids) if (!found.includes(id)) found.push(id);
  }
  return found;
};
