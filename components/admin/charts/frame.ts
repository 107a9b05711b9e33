/** The drawing area every column chart shares: a fixed viewBox that scales with its container. */
export const FRAME = { width: 640, height: 240, left: 56, right: 12, top: 14, bottom: 30 } as const;

export const plotWidth = FRAME.width - FRAME.left - FRAME.right;
export const plotHeight = FRAME.height - FRAME.top - FRAME.bottom;

/** y of a 0..1 position on the value axis. */
export const yAt = (position: number) => FRAME.top + plotHeight * (1 - position);
