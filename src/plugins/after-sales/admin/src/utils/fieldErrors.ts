/** The server's 400 details as one line per field (`data.members.1: must be an admin user id`), or null. */
export const describeFieldErrors = (error: any, separator = '; '): string | null => {
  const details = error?.response?.data?.error?.details?.errors as { path: (string | number)[]; message: string }[] | undefined;
  return details?.length ? details.map((d) => `${d.path.join('.')}: ${d.message}`).join(separator) : null;
};
