export declare function packageFacts(): { version: string; repository: string };
export declare function packageDefines(): { GITOTA_VERSION: string; GITOTA_REPOSITORY: string };
