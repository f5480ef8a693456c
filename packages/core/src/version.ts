declare const __FS_VERSION__: string;

/** The version of `@fs/core` in this build, sent as `Filestack-Source: TS-<version>`. */
export const VERSION: string = __FS_VERSION__;
