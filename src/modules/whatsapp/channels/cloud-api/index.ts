export { CloudApiClient, type CloudApiClientOptions } from "./client"
export * from "./types"
