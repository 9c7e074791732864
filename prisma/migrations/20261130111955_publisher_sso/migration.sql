-- CreateTable
CREATE TABLE "publisher_entitlements" (
    "user_id" UUID NOT NULL,
    "until" TIMESTAMPTZ(3),
    "plan" TEXT,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "publisher_entitlements_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "sso_identities" (
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_identities_pkey" PRIMARY KEY ("issuer","subject")
);

-- CreateTable
CREATE TABLE "sso_token_uses" (
    "issuer" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_token_uses_pkey" PRIMARY KEY ("issuer","jti")
);

-- CreateIndex
CREATE INDEX "publisher_entitlements_until_idx" ON "publisher_entitlements"("until");

-- CreateIndex
CREATE UNIQUE INDEX "sso_identities_user_id_key" ON "sso_identities"("user_id");

-- CreateIndex
CREATE INDEX "sso_token_uses_expires_at_idx" ON "sso_token_uses"("expires_at");

-- AddForeignKey
ALTER TABLE "sso_identities" ADD CONSTRAINT "sso_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written, as for billing's other tables: the user a publisher entitlement belongs to.
ALTER TABLE "publisher_entitlements" ADD CONSTRAINT "publisher_entitlements_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
