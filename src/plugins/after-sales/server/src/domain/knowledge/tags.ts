const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;

/**
 * A knowledge article's tags: a list of short labels, each once. Answers the cleaned list (trimmed,
 * duplicates dropped) or the reason it is refused.
 */
export const cleanTags = (value: unknown): { tags: string[] | null } | { error: string } => {
  if (value == null) return { tags: null };
  if (!Array.isArray(value)) return { error: 'must be a list of tags' };
  const tags: string[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string') return { error: 'must be a list of tags (words), not other values' };
    const tag = entry.trim().replace(/\s+/g, ' ');
    if (!tag) continue;
    if (tag.length > MAX_TAG_LENGTH) return { error: `a tag has at most ${MAX_TAG_LENGTH} characters ("${tag.slice(0, MAX_TAG_LENGTH)}…")` };
    if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  if (tags.length > MAX_TAGS) return { error: `at most ${MAX_TAGS} tags` };
  return { tags };
};
