import { Skeleton } from "@medusajs/ui"

/** Two notifications' worth of placeholder. */
export const OrderWidgetSkeleton = () => (
  <>
    {[0, 1].map((i) => (
      <div key={i} className="flex flex-col gap-y-2 px-6 py-4">
        <div className="flex items-center justify-between">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="h-5 w-16 rounded-full" />
        </div>
        <Skeleton className="h-3 w-36" />
        <Skeleton className="h-3 w-full" />
        <Skeleton className="h-3 w-2/3" />
      </div>
    ))}
  </>
)
