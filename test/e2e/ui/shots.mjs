// Cropped screenshots for the UI tests: only the region a journey is about, so the images stay small.
import path from 'node:path';

/**
 * Saves a PNG of the bounding box of `locators` (their union) into the session's artifacts folder
 * (test-output/e2e/<name>/); returns its path. Never fails the test: a missing screenshot is logged.
 */
export async function cropShot(cs, name, ...locators) {
  const file = path.join(cs.artifactsDir, `${name}.png`);
  try {
    const boxes = (await Promise.all(locators.map((l) => l.boundingBox({ timeout: 5000 })))).filter(Boolean);
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    const clip = { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
    await cs.page.screenshot({ path: file, clip, timeout: 15_000 });
    return file;
  } catch (e) {
    console.error(`[e2e] screenshot ${name} failed: ${String(e.message).split('\n')[0]}`);
    return undefined;
  }
}
