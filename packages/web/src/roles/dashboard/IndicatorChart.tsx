import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BreakerChart } from './lane-view.js';

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 40 };
/** Line classes per side: colour and dash differ, so the sides never depend on colour alone. */
const SIDE_CLASSES = ['chart-side-a', 'chart-side-b'];

/**
 * One breaker's indicator, each side's derived value per day, against the trip threshold and
 * the resumption threshold: an SVG drawn here (no chart library in the bundle), and the same
 * figures as a table, which is the chart's text alternative for screen readers.
 */
export function IndicatorChart({ chart }: { chart: BreakerChart }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const days = chart.series[0]?.points.map((p) => p.date) ?? [];
  const values = chart.series.flatMap((s) =>
    s.points.flatMap((p) => (p.value === undefined ? [] : [p.value])),
  );
  const top = Math.max(chart.trip.threshold, chart.resumption?.threshold ?? 0, ...values, 1) * 1.15;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (days.length > 1 ? (i / (days.length - 1)) * plotW : 0);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(top * f * 10) / 10);
  const title = t('dashboard.chartTitle', {
    breaker: chart.breaker,
    // The lanes' known indicators by name; a lane's own indicator keeps its identifier.
    indicator: i18n.exists(`dashboard.indicatorNames.${chart.indicator}`)
      ? t(`dashboard.indicatorNames.${chart.indicator}`)
      : chart.indicator,
    fn: t(`dashboard.derive.${chart.derive.fn}`),
    window: chart.derive.window,
  });
  const line = (points: { value?: number }[]) => {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      if (p.value === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  return (
    <figure className="indicator-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('dashboard.chartAlt', { title })}
        className="chart-svg"
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">
              {v}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % 5 === 0 || i === days.length - 1 ? (
            <text
              key={d}
              x={x(i)}
              y={HEIGHT - PAD.bottom + 18}
              textAnchor="middle"
              className="chart-tick"
            >
              {d.slice(5)}
            </text>
          ) : null,
        )}
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={y(chart.trip.threshold)}
          y2={y(chart.trip.threshold)}
          className="chart-trip"
        />
        <text
          x={WIDTH - PAD.right}
          y={y(chart.trip.threshold) - 6}
          textAnchor="end"
          className="chart-label"
        >
          {t('dashboard.tripLine', chart.trip)}
        </text>
        {chart.resumption && (
          <>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(chart.resumption.threshold)}
              y2={y(chart.resumption.threshold)}
              className="chart-resume"
            />
            <text x={PAD.left + 4} y={y(chart.resumption.threshold) + 16} className="chart-label">
              {t('dashboard.resumeLine', chart.resumption)}
            </text>
          </>
        )}
        {chart.series.map((s, i) => (
          <g key={s.country} className={SIDE_CLASSES[i % SIDE_CLASSES.length]}>
            <path d={line(s.points)} className="chart-line" />
            {s.points.map((p, j) =>
              p.value === undefined ? null : (
                <circle key={p.date} cx={x(j)} cy={y(p.value)} r={3} className="chart-dot" />
              ),
            )}
          </g>
        ))}
      </svg>
      <ul className="chart-legend">
        {chart.series.map((s, i) => (
          <li key={s.country} className={SIDE_CLASSES[i % SIDE_CLASSES.length]}>
            <svg width="28" height="10" aria-hidden="true" className="chart-key">
              <line x1="0" x2="28" y1="5" y2="5" className="chart-line" />
            </svg>
            {s.country}
          </li>
        ))}
      </ul>
      <div className="table-wrap">
        <table className="staff-table chart-table">
          <caption>{t('dashboard.chartTable', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.date')}</th>
              {chart.series.map((s) => (
                <th key={s.country} scope="col">
                  {s.country}
                </th>
              ))}
              <th scope="col">{t('dashboard.threshold')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {chart.series.map((s) => (
                  <td key={s.country}>{s.points[i]?.display ?? t('dashboard.noValue')}</td>
                ))}
                <td>
                  {chart.trip.comparison} {chart.trip.display}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
