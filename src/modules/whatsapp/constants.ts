/** The module's registration key (its own file so resolve.ts and index.ts share it without a cycle). */
export const WHATSAPP_MODULE = "whatsapp"
