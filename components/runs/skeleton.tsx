import { Card } from "@/components/ui/card";

export function TableSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div className="space-y-2 p-5" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-4 animate-pulse rounded bg-zinc-100" style={{ width: `${80 - i * 12}%` }} />
      ))}
    </div>
  );
}

export function CardSkeleton({ title, rows }: { title?: string; rows?: number }) {
  return (
    <Card title={title}>
      <TableSkeleton rows={rows} />
    </Card>
  );
}
