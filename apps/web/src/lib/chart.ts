import { formatBytes, formatDuration } from './format';

/**
 * Geometry of the overview's backup chart, computed here (pure) and drawn as
 * inline SVG by a server component: no chart library, nothing from a CDN.
 * Sizes are bars on the left axis, durations a line on the right axis.
 */
export interface ChartInput {
  label: string;
  at: Date;
  sizeBytes: number;
  durationMs: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: Array<{ x: number; y: number; width: number; height: number; title: string }>;
  line: Array<{ x: number; y: number; title: string }>;
  sizeTicks: Array<{ y: number; label: string }>;
  durationTicks: Array<{ y: number; label: string }>;
  xLabels: Array<{ x: number; label: string }>;
}

/** The smallest 1/2/5 × 10ⁿ at or above the value (1 for nothing). */
export function niceCeil(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const scaled = value / power;
  const step = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
  return step * power;
}

/** A round top for a byte axis, in the unit the labels will use (so ticks read 0, 2.5, 5.0 MiB). */
export function niceBytesCeil(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes <= 0) return 1024;
  let unit = 1;
  while (bytes / unit >= 1024 && unit < 1024 ** 4) unit *= 1024;
  return niceCeil(bytes / unit) * unit;
}

/** A round top for a duration axis: seconds below a minute, minutes below an hour, then hours. */
export function niceDurationCeil(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return 1000;
  const unit = ms < 60_000 ? 1000 : ms < 3_600_000 ? 60_000 : 3_600_000;
  return niceCeil(ms / unit) * unit;
}

const round = (n: number) => Math.round(n * 10) / 10;

function shortDate(at: Date): string {
  return `${at.toISOString().slice(5, 10)} ${at.toISOString().slice(11, 16)}`;
}

export function layoutChart(points: readonly ChartInput[], size: { width: number; height: number } = { width: 720, height: 260 }): ChartLayout {
  const plot = { left: 64, right: size.width - 64, top: 16, bottom: size.height - 40 };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const maxSize = niceBytesCeil(Math.max(0, ...points.map((p) => p.sizeBytes)));
  const maxDuration = niceDurationCeil(Math.max(0, ...points.map((p) => p.durationMs)));
  const slot = points.length > 0 ? plotWidth / points.length : plotWidth;
  const barWidth = Math.max(2, Math.min(40, slot * 0.6));
  const center = (i: number) => plot.left + slot * i + slot / 2;

  const bars = points.map((p, i) => {
    const h = (Math.max(0, p.sizeBytes) / maxSize) * plotHeight;
    return {
      x: round(center(i) - barWidth / 2),
      y: round(plot.bottom - h),
      width: round(barWidth),
      height: round(h),
      title: `${p.label}: ${formatBytes(p.sizeBytes)} in ${formatDuration(p.durationMs)}`,
    };
  });
  const line = points.map((p, i) => ({
    x: round(center(i)),
    y: round(plot.bottom - (Math.max(0, p.durationMs) / maxDuration) * plotHeight),
    title: `${p.label}: ${formatDuration(p.durationMs)}`,
  }));
  const ticks = [0, 0.5, 1];
  // At most about six date labels, so they never overlap.
  const every = Math.max(1, Math.ceil(points.length / 6));
  return {
    width: size.width,
    height: size.height,
    plot,
    bars,
    line,
    sizeTicks: ticks.map((t) => ({ y: round(plot.bottom - t * plotHeight), label: formatBytes(t * maxSize) })),
    durationTicks: ticks.map((t) => ({ y: round(plot.bottom - t * plotHeight), label: formatDuration(t * maxDuration) })),
    xLabels: points.flatMap((p, i) => (i % every === 0 ? [{ x: round(center(i)), label: shortDate(p.at) }] : [])),
  };
}
