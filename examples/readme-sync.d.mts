export declare const ROOT: string;
export declare const READMES: string[];
export interface ExampleBlock {
  readme: string;
  example: string;
  shown: string;
  current: string;
}
export declare function readmeBlocks(options?: { write?: boolean }): ExampleBlock[];
