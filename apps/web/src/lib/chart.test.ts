import { layoutChart, niceBytesCeil, niceCeil, niceDurationCeil } from './chart';

describe('niceCeil', () => {
  it.each([
    [0.7, 1],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [7, 10],
    [42, 50],
    [180, 200],
  ])('rounds %p up to %p', (value, expected) => {
    expect(niceCeil(value)).toBeCloseTo(expected);
  });

  it('gives 1 for nothing', () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
});

describe('niceBytesCeil and niceDurationCeil', () => {
  it('round in the unit the labels use', () => {
    expect(niceBytesCeil(3.3 * 1024 * 1024)).toBe(5 * 1024 * 1024);
    expect(niceBytesCeil(700)).toBe(1000);
    expect(niceDurationCeil(800)).toBe(1000);
    expect(niceDurationCeil(42_000)).toBe(50_000);
    expect(niceDurationCeil(5 * 60_000 + 1)).toBe(10 * 60_000);
  });
});

describe('layoutChart', () => {
  const at = new Date('2025-03-01T10:00:00Z');
  const points = [
    { label: 'a', at, sizeBytes: 1024 * 1024, durationMs: 2000 },
    { label: 'b', at, sizeBytes: 2 * 1024 * 1024, durationMs: 4000 },
  ];

  it('draws one bar and one line point per backup, inside the plot', () => {
    const layout = layoutChart(points, { width: 400, height: 200 });
    expect(layout.bars).toHaveLength(2);
    expect(layout.line).toHaveLength(2);
    for (const bar of layout.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(layout.plot.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(layout.plot.right);
      expect(bar.y + bar.height).toBeCloseTo(layout.plot.bottom, 0);
    }
    // The taller value is drawn higher (smaller y).
    expect(layout.bars[1]!.y).toBeLessThan(layout.bars[0]!.y);
    expect(layout.line[1]!.y).toBeLessThan(layout.line[0]!.y);
  });

  it('labels both axes from zero to a round top', () => {
    const layout = layoutChart(points);
    expect(layout.sizeTicks.map((t) => t.label)).toEqual(['0 B', '1.0 MiB', '2.0 MiB']);
    expect(layout.durationTicks.map((t) => t.label)).toEqual(['0 ms', '3 s', '5 s']);
  });

  it('copes with no data', () => {
    const layout = layoutChart([]);
    expect(layout.bars).toEqual([]);
    expect(layout.sizeTicks).toHaveLength(3);
  });

  it('keeps date labels sparse', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ label: String(i), at, sizeBytes: i, durationMs: i }));
    expect(layoutChart(many).xLabels.length).toBeLessThanOrEqual(6);
  });
});
