const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(value: Date): string {
  return dateTime.format(value);
}

const usd = new Intl.NumberFormat("en", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** Prices per million tokens: at least cents, up to four decimals (nano models cost $0.005). */
export function formatUsd(value: number): string {
  return usd.format(value);
}
