// Putting a file into the page the way a user does.
//
//   await dropFile(page, '[data-testid="drop-zone"]', '/path/to/data.xlsx');
//   await pickFile(page, 'input[type=file]', '/path/to/data.xlsx');

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mimeType } from './server.mjs';

// The bytes cross into the page as base64 in pieces, so a data set of tens of megabytes
// never becomes one giant protocol message. A multiple of 3 keeps each piece's base64
// self-contained.
const CHUNK_BYTES = 3 * 1024 * 1024;

/**
 * Drags `filePath` onto the element matching `selector`: builds a real File inside a
 * DataTransfer and dispatches dragenter, dragover and drop on the element.
 * Resolves to { dropPrevented, droppedAt }: whether the page called preventDefault() on
 * the drop (a drop target must), and the page's performance.now() just before the drop.
 */
export async function dropFile(page, selector, filePath) {
  const bytes = await readFile(filePath);
  const target = page.locator(selector);
  await target.waitFor({ state: 'attached' });

  const key = `__segworkDrop${Date.now()}${Math.random().toString(36).slice(2)}`;
  await page.evaluate((k) => {
    window[k] = [];
  }, key);
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const piece = bytes.subarray(start, start + CHUNK_BYTES).toString('base64');
    await page.evaluate(
      ([k, b64]) => {
        const text = atob(b64);
        const chunk = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i += 1) chunk[i] = text.charCodeAt(i);
        window[k].push(chunk);
      },
      [key, piece],
    );
  }

  return target.evaluate(
    (element, { k, name, type }) => {
      const file = new File(window[k], name, { type });
      delete window[k];
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(file);
      const fire = (kind) => {
        const event = new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer });
        element.dispatchEvent(event);
        return event.defaultPrevented;
      };
      fire('dragenter');
      fire('dragover');
      const droppedAt = performance.now();
      return { dropPrevented: fire('drop'), droppedAt };
    },
    { k: key, name: path.basename(filePath), type: mimeType(filePath).split(';')[0] },
  );
}

/** Chooses `filePath` in the <input type="file"> matching `inputSelector`. */
export async function pickFile(page, inputSelector, filePath) {
  await page.locator(inputSelector).setInputFiles(filePath);
}
