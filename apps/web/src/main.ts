// The demo page: one file in, uploaded to the emulator with @fs/upload, then shown as stored
// and as a CDN transformation built with @fs/transform.
import { resize, roundedCorners, transformUrl } from '@fs/transform';
import { indexedDbResumeStore, type ResumeReport, upload } from '@fs/upload';
import { type DemoConfig, loadDemoConfig } from './demo-config.js';

/** The transformation shown beside the stored image. */
const TASKS = [resize({ width: 400 }), roundedCorners({ radius: 40 })];

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = byId<HTMLInputElement>('file');
const drop = byId<HTMLLabelElement>('drop');
const bar = byId<HTMLProgressElement>('progress');
const percent = byId<HTMLSpanElement>('percent');
const cancel = byId<HTMLButtonElement>('cancel');
const status = byId<HTMLOutputElement>('status');
const figures = byId<HTMLDivElement>('figures');
const resumed = byId<HTMLOutputElement>('resumed');

/**
 * Each upload's progress is saved in IndexedDB after every stored part: after a reload (or a
 * crash), choosing the same file again sends only the parts storage does not have yet.
 */
const resumeStore = indexedDbResumeStore();

type State = 'loading' | 'ready' | 'uploading' | 'done' | 'cancelled' | 'error';

/** `data-state` is what the browser tests wait on; the text is for people. */
function setStatus(state: State, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

/** Says whether the upload carries on a saved one; `data-resumed-bytes` is for the tests. */
function showResume(report: ResumeReport): void {
  resumed.dataset.status = report.status;
  resumed.dataset.resumedBytes = String(report.resumedBytes);
  resumed.textContent =
    report.status === 'resumed'
      ? `Resumed: ${report.resumedBytes} bytes were already stored`
      : report.status === 'restarted'
        ? `Started afresh (${report.reason ?? 'saved upload unusable'})`
        : '';
}

function showImage(id: string, url: string): void {
  byId<HTMLImageElement>(id).src = url;
  byId(`${id}-url`).textContent = url;
}

let running: AbortController | undefined;

async function send(config: DemoConfig, file: File): Promise<void> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  figures.hidden = true;
  bar.value = 0;
  percent.textContent = '0%';
  cancel.disabled = false;
  resumed.textContent = '';
  delete resumed.dataset.status;
  delete resumed.dataset.resumedBytes;
  setStatus('uploading', `Uploading ${file.name}...`);
  try {
    const stored = await upload(file, {
      apikey: config.apikey,
      urls: config.urls,
      signal: controller.signal,
      resume: resumeStore,
      onResumeState: showResume,
      onProgress: (progress) => {
        bar.value = progress.percent;
        percent.textContent = `${progress.percent}%`;
      },
    });
    showImage('original', stored.url);
    showImage('transformed', transformUrl(stored.handle, TASKS, { urls: config.urls }));
    figures.hidden = false;
    setStatus('done', `Stored ${stored.filename} (${stored.size} bytes) as ${stored.handle}`);
  } catch (error) {
    // A newer upload replaced this one: it owns the page now.
    if (running !== controller) return;
    if (controller.signal.aborted) setStatus('cancelled', 'Upload cancelled');
    else setStatus('error', error instanceof Error ? error.message : String(error));
  } finally {
    if (running === controller) {
      running = undefined;
      cancel.disabled = true;
    }
  }
}

function start(config: DemoConfig): void {
  cancel.onclick = () => running?.abort();
  input.onchange = () => {
    const file = input.files?.[0];
    if (file) void send(config, file);
  };
  drop.ondragover = (event) => {
    event.preventDefault();
    drop.classList.add('over');
  };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) void send(config, file);
  };
  input.disabled = false;
  setStatus('ready', 'Choose or drop an image');
}

loadDemoConfig().then(start, (error: Error) => setStatus('error', error.message));
