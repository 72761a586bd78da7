/** A canvas's backing-store size in device pixels, and the ratio to its CSS size. */
export interface DeviceSize {
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
}

interface BoxSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Keeps `canvas.width/height` equal to the element's size in device pixels, so strokes stay
 * sharp on HiDPI screens, and calls `onResize` after each change (resizing clears a canvas,
 * so whoever draws must redraw). Follows both the element's size and the pixel ratio, which
 * changes with browser zoom or when the window moves to another screen. Returns a function
 * that stops tracking.
 */
export function trackDevicePixels(
  canvas: HTMLCanvasElement,
  onResize: (size: DeviceSize) => void = () => {},
): () => void {
  let css: BoxSize = { width: canvas.clientWidth, height: canvas.clientHeight };
  let exact: BoxSize | null = null;

  const apply = () => {
    const size = deviceSize(css, exact, window.devicePixelRatio || 1);
    if (canvas.width === size.width && canvas.height === size.height) return;
    canvas.width = size.width;
    canvas.height = size.height;
    onResize(size);
  };

  const observer = new ResizeObserver(([entry]) => {
    if (!entry) return;
    const box = entry.contentBoxSize[0];
    if (box) css = { width: box.inlineSize, height: box.blockSize };
    const device = entry.devicePixelContentBoxSize?.[0];
    exact = device ? { width: device.inlineSize, height: device.blockSize } : null;
    apply();
  });
  try {
    observer.observe(canvas, { box: 'device-pixel-content-box' });
  } catch {
    // Safari has no device-pixel box; CSS size × ratio is then the best there is.
    observer.observe(canvas, { box: 'content-box' });
  }
  const stopWatchingRatio = onPixelRatioChange(apply);
  apply();

  return () => {
    observer.disconnect();
    stopWatchingRatio();
  };
}

/**
 * The browser's exact device-pixel box is preferred: it is snapped the way the compositor
 * snaps, where CSS size × ratio can be off by one and blur every line. But it is only trusted
 * when it agrees with CSS size × ratio to within a pixel, because Chromium's device emulation
 * (DevTools, Playwright's `deviceScaleFactor`) reports it as if the ratio were 1.
 */
export function deviceSize(css: BoxSize, exact: BoxSize | null, pixelRatio: number): DeviceSize {
  const width = Math.round(css.width * pixelRatio);
  const height = Math.round(css.height * pixelRatio);
  if (exact && Math.abs(exact.width - width) <= 1 && Math.abs(exact.height - height) <= 1) {
    return { width: exact.width, height: exact.height, pixelRatio };
  }
  return { width, height, pixelRatio };
}

/** Calls `callback` whenever `devicePixelRatio` changes; a media query matches only one ratio. */
function onPixelRatioChange(callback: () => void): () => void {
  let query: MediaQueryList | null = null;
  const changed = () => {
    listen();
    callback();
  };
  const listen = () => {
    query?.removeEventListener('change', changed);
    query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    query.addEventListener('change', changed);
  };
  listen();
  return () => query?.removeEventListener('change', changed);
}
