/**
 * Secrets come from the environment. Outside production a fixed development value is used so
 * that `npm run develop` works on a fresh clone; in production a missing secret stops the boot.
 */
export const requireSecret = (env: (name: string, fallback?: string) => string, name: string, devValue: string): string => {
  const value = env(name);
  if (value) return value;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`Environment variable ${name} must be set in production`);
  }
  return devValue;
};
