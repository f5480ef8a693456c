import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { localStorageResumeStore } from '../src/local-storage-resume-store.js';
import type { ResumeState } from '../src/resume-store.js';

const state = (created = Date.now()): ResumeState => ({
  version: 1,
  created,
  upload: {
    uri: '/u',
    region: 'r',
    upload_id: 'id',
    location_url: 'http://x',
    upload_type: 'intelligent_ingestion',
  },
  size: 10,
  partSize: 5,
  parts: { 1: { via: 'intelligent', stored: 3, committed: false } },
});

// A browser's localStorage, from jsdom. Installed by hand: Node 25 and later define a global
// localStorage of their own (undefined without --localstorage-file) that a jsdom test
// environment does not replace.
Object.defineProperty(globalThis, 'localStorage', {
  value: new JSDOM('', { url: 'http://127.0.0.1/' }).window.localStorage,
  configurable: true,
  writable: true,
});

describe('localStorageResumeStore', () => {
  it('keeps states under its prefix and leaves other keys alone', () => {
    localStorage.setItem('unrelated', 'kept');
    const store = localStorageResumeStore('test:');
    store.set('a', state(1));
    expect(localStorage.getItem('test:a')).toBe(JSON.stringify(state(1)));
    expect(store.get('a')).toEqual(state(1));
    expect(store.list()).toEqual([{ key: 'a', state: state(1) }]);
    store.remove('a');
    expect(store.get('a')).toBeUndefined();
    store.set('b', state(2));
    store.clear();
    expect(store.list()).toEqual([]);
    expect(localStorage.getItem('unrelated')).toBe('kept');
  });

  it('drops states past maxAge when first used, and reads a damaged entry as nothing', () => {
    localStorage.setItem('aged:old', JSON.stringify(state(Date.now() - 10_000)));
    localStorage.setItem('aged:new', JSON.stringify(state()));
    localStorage.setItem('aged:broken', '{not json');
    const store = localStorageResumeStore('aged:', { maxAge: 5_000 });
    expect(store.list().map(({ key }) => key)).toEqual(['new']);
    expect(localStorage.getItem('aged:old')).toBeNull();
    expect(store.get('broken')).toBeUndefined();
  });

  it('touches no storage until it is used', () => {
    const before = localStorage.length;
    localStorage.setItem('lazy:old', JSON.stringify(state(0)));
    localStorageResumeStore('lazy:', { maxAge: 1 });
    expect(localStorage.length).toBe(before + 1);
  });
});
