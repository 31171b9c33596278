/**
 * Marketing campaigns: response shapes of the plugin's admin API, their labels, small helpers
 * (template variables, the store's time zone, durations) and the react-query hooks the Campaigns
 * pages use. Import from "lib/campaigns"; the files below are its parts.
 */
export * from "./types"
export * from "./labels"
export * from "./template-slots"
export * from "./time-zone"
export * from "./format"
export * from "./hooks"
export * from "./refresh"
