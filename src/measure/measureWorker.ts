/**
 * Worker-thread entry of the measure pool: receives MeasureJob messages, answers
 * { index, record } or { index, error: { name, message, step } }. Runs from dist/ (compiled JS).
 */
import { parentPort } from 'node:worker_threads';
import { runMeasurement, type MeasureJob } from './runMeasurement.js';

parentPort?.on('message', async (message: { index: number; job: MeasureJob }) => {
  try {
    const record = await runMeasurement(message.job);
    parentPort?.postMessage({ index: message.index, record });
  } catch (err) {
    const e = err as Error & { step?: string };
    parentPort?.postMessage({
      index: message.index,
      error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), step: e?.step },
    });
  }
});
