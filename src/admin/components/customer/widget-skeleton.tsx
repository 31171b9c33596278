import { Skeleton } from "@medusajs/ui"

/** Same rhythm as the loaded widget: rows, then a few bubbles. */
export const WidgetSkeleton = () => (
  <>
    {[0, 1, 2, 3, 4].map((i) => (
      <div key={i} className="grid grid-cols-2 items-center gap-4 px-6 py-4">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-4 w-32" />
      </div>
    ))}
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <Skeleton className="h-9 w-3/4 rounded-lg" />
      <Skeleton className="h-9 w-2/3 self-end rounded-lg" />
      <Skeleton className="h-9 w-1/2 rounded-lg" />
    </div>
  </>
)
