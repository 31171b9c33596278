import { useEffect, useState } from "react"

export type DebounceOptions = {
  /**
   * Compare by content (JSON.stringify) instead of by reference: for objects rebuilt on every
   * render, which would otherwise restart the timer each time and never settle.
   */
  byContent?: boolean
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs = 500, { byContent = false }: DebounceOptions = {}): T {
  const [debounced, setDebounced] = useState(value)
  const key = byContent ? JSON.stringify(value) : value
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs)
    return () => clearTimeout(timer)
    // `key` stands for `value` (the same value, or the same content).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, delayMs])
  return debounced
}
