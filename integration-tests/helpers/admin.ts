import { Modules, generateJwtToken } from "@medusajs/framework/utils"

/** An admin user and a bearer header for /admin routes, as the core's own integration tests do. */
export async function adminHeaders(container: any) {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const email = `admin-${Date.now()}-${Math.random().toString(36).slice(2)}@test.local`
  const user = await userModule.createUsers({ email })
  const authIdentity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email, provider_metadata: {} }],
    app_metadata: { user_id: user.id },
  })
  const config = container.resolve("configModule")
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: authIdentity.id, app_metadata: { user_id: user.id } },
    { secret: config.projectConfig.http.jwtSecret, expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` }, user }
}
