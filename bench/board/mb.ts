import { chromium } from '@playwright/test';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.setContent(
  '<canvas id=c width=1280 height=800></canvas><script>window.__name = (f) => f</script>',
);
const result = await page.evaluate(() => {
  const c = document.getElementById('c') as HTMLCanvasElement;
  const ctx = c.getContext('2d')!;
  const N = 5000;
  // random walk strokes of 60 points, 35 px long, at scale s
  const strokes: number[][] = [];
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < N; i++) {
    let x = 100 + rnd() * 1000,
      y = 50 + rnd() * 700,
      h = rnd() * 6.28;
    const pts: number[] = [];
    for (let k = 0; k < 60; k++) {
      pts.push(x, y);
      h += (rnd() - 0.5) * 0.3;
      x += Math.cos(h) * 0.6;
      y += Math.sin(h) * 0.6;
    }
    strokes.push(pts);
  }
  const time = (label: string, draw: () => void) => {
    const out: number[] = [];
    for (let r = 0; r < 3; r++) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, 1280, 800);
      ctx.getImageData(0, 0, 1, 1);
      const t = performance.now();
      draw();
      const j = performance.now();
      ctx.getImageData(0, 0, 1, 1);
      out.push(Math.round(performance.now() - t), Math.round(j - t));
    }
    return `${label}: ${out.join(' ')}`;
  };
  const poly = (step: number) =>
    strokes.map((pts) => {
      const p = new Path2D();
      p.moveTo(pts[0]!, pts[1]!);
      for (let k = 2; k < pts.length; k += 2 * step) p.lineTo(pts[k]!, pts[k + 1]!);
      return p;
    });
  const p1 = poly(1),
    p4 = poly(4);
  const outline = strokes.map((pts) => {
    const p = new Path2D();
    const w = 0.25;
    p.moveTo(pts[0]!, pts[1]! - w);
    for (let k = 2; k < pts.length; k += 2)
      p.quadraticCurveTo(pts[k]!, pts[k + 1]! - w, pts[k]! + 0.1, pts[k + 1]! - w);
    for (let k = pts.length - 2; k >= 0; k -= 2)
      p.quadraticCurveTo(pts[k]!, pts[k + 1]! + w, pts[k]! + 0.1, pts[k + 1]! + w);
    p.closePath();
    return p;
  });
  const colors = ['#1e1e1e', '#e03131', '#1c7ed6', '#2f9e44', '#7950f2'];
  return [
    time('hairline 0.5 step1', () => {
      ctx.lineWidth = 0.5;
      ctx.lineCap = 'round';
      p1.forEach((p, i) => {
        ctx.strokeStyle = colors[i % 5]!;
        ctx.stroke(p);
      });
    }),
    time('hairline 0.5 step4', () => {
      ctx.lineWidth = 0.5;
      ctx.lineCap = 'round';
      p4.forEach((p, i) => {
        ctx.strokeStyle = colors[i % 5]!;
        ctx.stroke(p);
      });
    }),
    time('hairline 0.5 butt step4', () => {
      ctx.lineWidth = 0.5;
      ctx.lineCap = 'butt';
      p4.forEach((p, i) => {
        ctx.strokeStyle = colors[i % 5]!;
        ctx.stroke(p);
      });
    }),
    time('line 1 step4', () => {
      ctx.lineWidth = 1;
      ctx.lineCap = 'butt';
      p4.forEach((p, i) => {
        ctx.strokeStyle = colors[i % 5]!;
        ctx.stroke(p);
      });
    }),
    time('line 0 (hairline) step4', () => {
      ctx.lineWidth = 0.0001;
      p4.forEach((p, i) => {
        ctx.strokeStyle = colors[i % 5]!;
        ctx.stroke(p);
      });
    }),
    time('alpha hairline: lineWidth1 + globalAlpha 0.5 step4', () => {
      ctx.lineWidth = 1;
      ctx.globalAlpha = 0.5;
      p4.forEach((p, i) => {
        ctx.strokeStyle = colors[i % 5]!;
        ctx.stroke(p);
      });
      ctx.globalAlpha = 1;
    }),
    time('fill outline quads', () => {
      outline.forEach((p, i) => {
        ctx.fillStyle = colors[i % 5]!;
        ctx.fill(p);
      });
    }),
    time('fillRect', () => {
      strokes.forEach((pts, i) => {
        ctx.fillStyle = colors[i % 5]!;
        ctx.fillRect(pts[0]!, pts[1]!, 1, 1);
      });
    }),
    time('build p4 paths', () => {
      poly(4);
    }),
  ];
});
console.log(result.join('\n'));
await browser.close();
