/** Directory of the plugin's sources (apps/plugin-jwt). */
export declare const pluginDir: string;
/** The sf binary of the @salesforce/cli devDependency. */
export declare const sfBin: string;
/** Environment for sf with HOME at `home`: quiet, offline, isolated. */
export declare function sfEnv(home: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** Copies the built plugin into `dir/plugin-jwt`, shaped like an npm install of its tarball; returns that path. */
export declare function stagePlugin(dir: string): string;
