import type { StoreOptions } from '@fs/core';
import type { Command } from 'commander';
import { collect } from './option-values.js';

/** The store flags as commander parses them. */
export interface StoreFlags {
  filename?: string;
  mimetype?: string;
  path?: string;
  container?: string;
  location?: string;
  region?: string;
  access?: string;
  workflow?: string[];
}

/** Adds the flags of where and how a file is stored (`upload` and `store`). */
export function addStoreFlags(command: Command): Command {
  return command
    .option('--filename <name>', 'name of the stored file (default: the file name)')
    .option('--mimetype <type>', 'MIME type of the stored file (default: from the name)')
    .option('--path <path>', 'storage key, or a folder ending in /')
    .option('--container <name>', 'bucket or container')
    .option(
      '--location <name>',
      'storage backend: s3, gcs, azure, rackspace or dropbox (default s3)',
    )
    .option('--region <region>', 'bucket region, e.g. us-east-1')
    .option('--access <access>', 'public or private')
    .option('--workflow <id>', 'run this workflow once stored (repeatable)', collect);
}

/**
 * The store options, given to the SDK as typed (it checks them and says what is allowed).
 * `StoreOptions` narrows `location` and `access`; the SDK refuses other values itself.
 */
export function storeOptionsFrom(flags: StoreFlags): StoreOptions {
  const store: Record<string, unknown> = {
    filename: flags.filename,
    mimetype: flags.mimetype,
    path: flags.path,
    container: flags.container,
    location: flags.location,
    region: flags.region,
    access: flags.access,
    workflows: flags.workflow,
  };
  for (const key of Object.keys(store)) if (store[key] === undefined) delete store[key];
  return store as StoreOptions;
}
