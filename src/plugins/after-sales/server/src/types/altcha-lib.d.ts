/**
 * altcha-lib publishes its types through package `exports`, which the plugin's `moduleResolution:
 * node` does not read; these point at the same declaration files (the runtime resolves `exports`).
 */
declare module 'altcha-lib' {
  export * from 'altcha-lib/dist/cjs/v2/index';
}
declare module 'altcha-lib/algorithms/pbkdf2' {
  export * from 'altcha-lib/dist/cjs/v2/algorithms/pbkdf2';
}
