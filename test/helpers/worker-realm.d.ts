/** test/helpers/worker-realm.js: the jest worker's own process, global object and Node `require`. */
export declare const realProcess: NodeJS.Process;
export declare const realGlobal: typeof globalThis;
export declare const nativeRequire: NodeJS.Require;
