// Types of scripts/activation-dispatch.mjs, for the tests that call it (plain Node, so no tsx at build time).
export declare const DISPATCH: string;
export declare function kernelFileName(idName: string): string;
export declare function activationIds(root: string): [string, number][];
export declare function dispatchSource(root: string): string;
export declare function writeActivationDispatch(root: string): boolean;
