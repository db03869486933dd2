/** The content type of the Content Manager list on screen (the list hooks are not told it). */
export const modelOnScreen = (): string | undefined => {
  const found = /\/collection-types\/([^/?#]+)/.exec(window.location.pathname)?.[1];
  if (!found) return undefined;
  try {
    return decodeURIComponent(found);
  } catch {
    return found;
  }
};
