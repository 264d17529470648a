import { layoutChart } from '@/lib/chart';
import { formatBytes, formatDateTime, formatDuration } from '@/lib/format';
import type { ChartPoint } from '@/lib/overview';

/**
 * Sizes (bars, left axis) and durations (line, right axis) of the latest
 * completed backups, as inline SVG: no chart library, no CDN, works offline.
 * The same numbers are available as a table for screen readers and for
 * anyone who prefers figures.
 */
export function BackupChart({ points }: { points: ChartPoint[] }) {
  if (points.length === 0) return <p className="muted">No completed backups yet: the chart appears after the first one.</p>;
  const layout = layoutChart(points);
  const { plot } = layout;
  const linePath = layout.line.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
  return (
    <figure className="chart">
      {/* Below about 600 px the drawing keeps a legible size and scrolls sideways. */}
      <div className="chart-scroll" role="region" aria-label="Backup chart" tabIndex={0}>
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-labelledby="chart-title chart-desc"
          preserveAspectRatio="xMidYMid meet"
        >
          <title id="chart-title">Backup sizes and durations</title>
          <desc id="chart-desc">
            {`Bars show the package size and the line the duration of the last ${points.length} completed backups, oldest on the left.`}
          </desc>
          {layout.sizeTicks.map((tick) => (
            <g key={`s${tick.y}`}>
              <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} className="chart-grid" />
              <text x={plot.left - 6} y={tick.y} className="chart-axis" textAnchor="end" dominantBaseline="middle">
                {tick.label}
              </text>
            </g>
          ))}
          {layout.durationTicks.map((tick) => (
            <text key={`d${tick.y}`} x={plot.right + 6} y={tick.y} className="chart-axis chart-axis-duration" dominantBaseline="middle">
              {tick.label}
            </text>
          ))}
          {layout.bars.map((bar, i) => (
            <rect key={points[i]?.id ?? i} x={bar.x} y={bar.y} width={bar.width} height={Math.max(bar.height, 1)} className="chart-bar">
              <title>{bar.title}</title>
            </rect>
          ))}
          <path d={linePath} className="chart-line" fill="none" />
          {layout.line.map((p, i) => (
            <circle key={points[i]?.id ?? i} cx={p.x} cy={p.y} r={3.5} className="chart-dot">
              <title>{p.title}</title>
            </circle>
          ))}
          {layout.xLabels.map((label) => (
            <text key={`x${label.x}`} x={label.x} y={plot.bottom + 18} className="chart-axis" textAnchor="middle">
              {label.label}
            </text>
          ))}
        </svg>
      </div>
      <figcaption className="chart-legend">
        <span className="legend-bar" aria-hidden="true" /> Package size (left axis)
        <span className="legend-line" aria-hidden="true" /> Duration (right axis) · times UTC
      </figcaption>
      <details className="chart-data">
        <summary>Show the numbers</summary>
        <div className="table-wrap" role="region" aria-label="Backup sizes and durations" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Backup</th>
                <th scope="col">Completed</th>
                <th scope="col" className="numeric">
                  Size
                </th>
                <th scope="col" className="numeric">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="mono">
                    {p.label}
                  </th>
                  <td className="nowrap">{formatDateTime(p.at)}</td>
                  <td className="numeric nowrap">{formatBytes(p.sizeBytes)}</td>
                  <td className="numeric nowrap">{formatDuration(p.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
