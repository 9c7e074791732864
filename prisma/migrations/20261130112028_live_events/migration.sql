-- CreateTable
CREATE TABLE "live_sequences" (
    "article_id" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "live_sequences_pkey" PRIMARY KEY ("article_id")
);

-- CreateTable
CREATE TABLE "live_events" (
    "article_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "event" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "live_events_pkey" PRIMARY KEY ("article_id","seq")
);

-- CreateIndex
CREATE INDEX "live_events_created_at_idx" ON "live_events"("created_at");
