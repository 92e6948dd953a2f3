/** Figures in words for the command line and the evidence pack, in one place. */
import type { FunnelPosition } from '@shared/statistics';

const number = (dp: number) =>
  new Intl.NumberFormat('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp });

export function fmtNumber(x: number | null | undefined, dp = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return number(dp).format(x);
}

export function fmtPercent(x: number | null | undefined, dp = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${number(dp).format(x * 100)}%`;
}

export function fmtCi(ci: [number, number] | null, dp = 3): string {
  return ci ? `(${fmtNumber(ci[0], dp)} to ${fmtNumber(ci[1], dp)})` : '';
}

export function positionWords(p: FunnelPosition): string {
  switch (p) {
    case 'high_outlier':
      return 'above the 99.8% limit';
    case 'low_outlier':
      return 'below the 99.8% limit';
    case 'high_warning':
      return 'above the 95% limit';
    case 'low_warning':
      return 'below the 95% limit';
    default:
      return 'within limits';
  }
}

export function leaningWords(l: 'lenient' | 'severe' | 'in_line' | null): string {
  return l === 'lenient' ? 'lenient' : l === 'severe' ? 'severe' : l === 'in_line' ? 'in line' : '';
}
