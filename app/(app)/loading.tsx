export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading">
      <div className="border-b border-zinc-200 pb-5">
        <div className="h-6 w-40 animate-pulse rounded bg-zinc-100" />
        <div className="mt-2 h-4 w-80 animate-pulse rounded bg-zinc-100" />
      </div>
      <div className="h-48 animate-pulse rounded-lg bg-zinc-50" />
    </div>
  );
}
