import type { Hosts, RetryListener, SignedPolicy } from '@fs/core';
import type { Emulator } from '@fs/emulator';
import { createPolicy, signPolicy } from '@fs/security';
import { loadEmulator } from './emulator-loader.js';
import { UsageError } from './exit-codes.js';
import { Output, type OutputStream } from './output.js';
import {
  apikeyFrom,
  ENV,
  type Environment,
  endpointHosts,
  type GlobalOptions,
  secretFrom,
} from './settings.js';

/** What a run of the CLI reads from and writes to: the process's, or a test's. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream;
  env: Environment;
  /** Aborts the command (Ctrl-C): it then stops sending and exits 130. */
  signal: AbortSignal;
}

/** Where requests go and how they are signed, as the SDK packages take it. */
export interface Connection {
  apikey: string;
  /** Host overrides for `--endpoint` or `--emulator`; none for Filestack itself. */
  urls: Hosts | undefined;
  /** Signs each request with a fresh policy when an app secret is configured. */
  security: (() => Promise<SignedPolicy>) | undefined;
  /** Tells `--verbose` about each retry. */
  onRetry: RetryListener;
}

// Long enough for a slow call; the SDK asks for a new one before it runs out.
const REQUEST_POLICY_SECONDS = 3600;

/**
 * One command's view of the run: its output, its abort signal, its configuration (flags over
 * environment) and, with `--emulator`, the emulator it started, closed by `close()`.
 */
export class CliContext {
  readonly output: Output;
  readonly signal: AbortSignal;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Environment;
  readonly options: GlobalOptions;
  #emulator: Emulator | undefined;
  #appSecret: { value: string | undefined } | undefined;

  constructor(io: CliIo, options: GlobalOptions) {
    this.options = options;
    this.env = io.env;
    this.signal = io.signal;
    this.stdin = io.stdin;
    this.output = new Output(io, {
      json: options.json === true,
      quiet: options.quiet === true,
      verbose: options.verbose === true,
    });
    // Known before anything can print them.
    this.output.keepSecret(options.appSecret);
    this.output.keepSecret(options.webhookSecret);
    this.output.keepSecret(io.env[options.appSecretEnv ?? ENV.appSecret]);
    this.output.keepSecret(io.env[options.webhookSecretEnv ?? ENV.webhookSecret]);
  }

  /** The app secret: `--app-secret`, else `$FILESTACK_APP_SECRET` (or `--app-secret-env`). */
  appSecret(): string | undefined {
    const { appSecret, appSecretEnv } = this.options;
    this.#appSecret ??= {
      value: secretFrom('app-secret', appSecret, appSecretEnv, ENV.appSecret, this.env),
    };
    return this.#appSecret.value;
  }

  /**
   * The app secret, for a command that cannot work without it.
   *
   * @throws UsageError naming `what` needs it and the ways to give it.
   */
  requireAppSecret(what: string): string {
    const secret = this.appSecret();
    if (secret === undefined) {
      throw new UsageError(
        `${what} needs the app secret`,
        `set ${ENV.appSecret} (or name another variable with --app-secret-env)`,
      );
    }
    return secret;
  }

  /** The webhook secret: `--webhook-secret`, else `$FILESTACK_WEBHOOK_SECRET`. */
  webhookSecret(): string | undefined {
    const { webhookSecret, webhookSecretEnv } = this.options;
    return secretFrom(
      'webhook-secret',
      webhookSecret,
      webhookSecretEnv,
      ENV.webhookSecret,
      this.env,
    );
  }

  /**
   * The API key, hosts and request signing for this run: Filestack, `--endpoint`, or an
   * emulator started now for `--emulator`. `keyOptional`: for URLs of handles, which carry no key.
   *
   * @throws UsageError without an API key (naming both ways to get one), or for a bad endpoint.
   */
  async connect(): Promise<Connection>;
  async connect(options: {
    keyOptional: true;
  }): Promise<Omit<Connection, 'apikey'> & { apikey?: string }>;
  async connect(options?: {
    keyOptional: true;
  }): Promise<Omit<Connection, 'apikey'> & { apikey?: string }> {
    const { emulator, endpoint: flag } = this.options;
    const endpoint = flag ?? (this.env[ENV.endpoint] || undefined);
    if (emulator && flag !== undefined) {
      throw new UsageError('--emulator and --endpoint cannot be used together');
    }
    const secret = this.appSecret();
    const security = secret === undefined ? undefined : this.#signer(secret);
    const onRetry: RetryListener = ({ attempt, delay, error }) =>
      this.output.debug(`try ${attempt} failed (${error.message}); retrying in ${delay} ms`);
    if (emulator) {
      const emu = await this.#startEmulator(secret);
      return { apikey: emu.apikey, urls: emu.urls, security, onRetry };
    }
    const urls = endpoint === undefined ? undefined : endpointHosts(endpoint);
    const apikey = apikeyFrom(this.options, this.env);
    if (apikey === undefined && !options?.keyOptional) {
      throw new UsageError(
        `no API key: set ${ENV.apikey} or pass --apikey`,
        'or add --emulator to try the CLI on a local emulator, with no account',
      );
    }
    return { apikey, urls, security, onRetry };
  }

  /** Stops the emulator of `--emulator`, deleting its files. */
  async close(): Promise<void> {
    const emu = this.#emulator;
    this.#emulator = undefined;
    if (emu) {
      await emu.close();
      this.output.info('The embedded emulator stopped; its files are gone.');
    }
  }

  async #startEmulator(secret: string | undefined): Promise<Emulator> {
    const { startEmulator } = await loadEmulator();
    // Its own well-known key unless one is given as a flag: the environment's key is Filestack's.
    const emu = await startEmulator({ port: 0, apikey: this.options.apikey, secret });
    this.#emulator = emu;
    this.output.warn(
      `--emulator: using an embedded emulator at ${emu.url}; its files are deleted when this command ends.`,
    );
    return emu;
  }

  /** A provider of short-lived policies, each kept out of everything the CLI prints. */
  #signer(secret: string): () => Promise<SignedPolicy> {
    return async () => {
      const signed = await signPolicy(createPolicy({ expiresIn: REQUEST_POLICY_SECONDS }), secret);
      this.output.keepSecret(signed.policy);
      this.output.keepSecret(signed.signature);
      return signed;
    };
  }
}
