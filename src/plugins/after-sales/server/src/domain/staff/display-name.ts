/** What is known of a staff member (an admin user) for showing who did something. */
export interface StaffNameParts {
  id?: number | string | null;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}·]+$/u;

/**
 * A staff member's name as the admin shows it: first and last name in the admin's order, joined by a
 * space, except when both are written in Chinese (or Japanese, Korean) characters, which are written
 * together ("王 伟" reads wrong, "王伟" right); else the email; else `fallback`.
 */
export const staffName = (user: StaffNameParts | null | undefined, fallback: string | null = null): string | null => {
  if (!user) return fallback;
  const parts = [user.firstname, user.lastname].map((part) => part?.trim() ?? '').filter(Boolean);
  if (parts.length) return parts.every((part) => CJK.test(part)) ? parts.join('') : parts.join(' ');
  return user.email?.trim() || fallback;
};

/** The name, else the email, else "admin <id>": for audit actors and stored "by whom" fields. */
export const staffActorName = (user: StaffNameParts): string => staffName(user, `admin ${user.id ?? ''}`.trim()) as string;
