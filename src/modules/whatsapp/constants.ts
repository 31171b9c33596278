/** The module's registration key (its own file so resolve.ts and index.ts share it without a cycle). */
export const WHATSAPP_MODULE = "whatsapp"

/**
 * The Graph API version used when the `api_version` option is unset. v25.0: current as of the
 * 2026 identity changes (BSUID `recipient`, `user_id_update`), while v23.0 — the previous default —
 * expires in Oct 2027. A store pins another one with `api_version` (or WHATSAPP_API_VERSION for
 * the standalone worker); Meta supports each version about two years.
 */
export const DEFAULT_GRAPH_API_VERSION = "v25.0"
