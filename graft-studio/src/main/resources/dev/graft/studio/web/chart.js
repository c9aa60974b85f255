// A small line chart on a canvas: training loss per step, and per epoch the training and
// validation loss (left axis) and validation accuracy (right axis, 0-100%).

const COLORS = { step: '#b9c4be', trainLoss: '#1f6f4a', valLoss: '#d9822b', valAcc: '#3867d6' };

export const LEGEND = [
  ['step', 'loss per step'], ['trainLoss', 'training loss'], ['valLoss', 'validation loss'],
  ['valAcc', 'validation accuracy (right axis)'],
];

export function legendColors() { return COLORS; }

// job: {steps: [[step, loss]...], history: [EpochMetrics...], epochAt: [step or null...], stepsPerEpoch}
export function drawChart(canvas, job) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 600, hgt = canvas.clientHeight || 260;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(hgt * dpr);
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, hgt);
  const pad = { l: 46, r: 46, t: 10, b: 28 };
  const steps = job.steps || [];
  const hist = job.history || [];
  // epochs sit on the step axis where they ended; epochs from before a resume are spaced evenly
  const perEpoch = Math.max(1, job.stepsPerEpoch || 1);
  const at = job.epochAt || [];
  const epochX = hist.map((_, i) => (at[i] != null ? at[i] : (i + 1) * perEpoch));
  const maxX = Math.max(1, steps.length ? steps[steps.length - 1][0] : 0, epochX.length ? epochX[epochX.length - 1] : 0);
  const losses = steps.map(s => s[1]).concat(hist.map(m => m.trainLoss), hist.map(m => m.valLoss))
    .filter(v => v != null && isFinite(v));
  const maxY = Math.max(0.1, ...losses) * 1.05;
  const X = x => pad.l + (w - pad.l - pad.r) * x / maxX;
  const Y = y => hgt - pad.b - (hgt - pad.t - pad.b) * y / maxY;
  const A = a => hgt - pad.b - (hgt - pad.t - pad.b) * a;
  // axes and grid
  g.strokeStyle = '#e3e7e4'; g.fillStyle = '#66706b'; g.font = '11px system-ui, sans-serif'; g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = pad.t + (hgt - pad.t - pad.b) * i / 4;
    g.beginPath(); g.moveTo(pad.l, y); g.lineTo(w - pad.r, y); g.stroke();
    g.textAlign = 'right'; g.fillText((maxY * (1 - i / 4)).toFixed(2), pad.l - 6, y + 4);
    g.textAlign = 'left'; g.fillText(Math.round(100 * (1 - i / 4)) + '%', w - pad.r + 6, y + 4);
  }
  g.textAlign = 'center';
  g.fillText(steps.length ? 'steps' : 'epochs', (pad.l + w - pad.r) / 2, hgt - 6);
  g.fillText('0', X(0), hgt - pad.b + 14); g.fillText(String(Math.round(maxX)), X(maxX), hgt - pad.b + 14);
  const line = (pts, color, width, dots) => {
    if (!pts.length) return;
    g.strokeStyle = color; g.fillStyle = color; g.lineWidth = width; g.beginPath();
    pts.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
    g.stroke();
    if (dots) pts.forEach(([x, y]) => { g.beginPath(); g.arc(x, y, 3, 0, 7); g.fill(); });
  };
  line(steps.filter(s => isFinite(s[1])).map(s => [X(s[0]), Y(s[1])]), COLORS.step, 1, false);
  const ep = (key, scale) => hist.map((m, i) => [X(epochX[i]), scale(m[key])]).filter(p => p[1] != null && isFinite(p[1]));
  line(ep('trainLoss', Y), COLORS.trainLoss, 2, true);
  line(ep('valLoss', Y), COLORS.valLoss, 2, true);
  line(ep('valAcc', A), COLORS.valAcc, 2, true);
  return { points: steps.length + hist.length };
}
