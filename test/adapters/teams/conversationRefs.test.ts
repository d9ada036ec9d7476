// Conversation references are refreshed on every Teams message; one that is
// unchanged since this process stored it is not written again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConversationRefStore } from "../../../adapters/teams/conversationRefs.js";
import { openTestCore, type TestCore } from "../../support/core.js";

const activity = (user: string, serviceUrl = "https://smba.example/emea/") => ({
  type: "message",
  channelId: "msteams",
  serviceUrl,
  from: { id: `29:${user}`, aadObjectId: user, name: user },
  recipient: { id: "28:bot", name: "Löftesbot" },
  conversation: { id: `a:${user}`, conversationType: "personal", tenantId: "tenant-1", isGroup: false, name: "" },
  channelData: { tenant: { id: "tenant-1" } },
});

describe("ConversationRefStore", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite");
  });
  afterAll(async () => {
    await core?.drop();
  });
  const rows = () => core!.ctx.prisma.conversationRef.findMany({ where: { conversationId: "a:aad-1" } });

  it("writes a reference once while it stays the same, and again when it changes or was removed", async () => {
    const refs = new ConversationRefStore(core!.ctx.prisma);
    await refs.save(activity("aad-1"), "ali.hassan");
    expect(await rows()).toHaveLength(1);
    // deleted behind the store's back: an unchanged reference is not written again…
    await core!.ctx.prisma.conversationRef.deleteMany({ where: { conversationId: "a:aad-1" } });
    await refs.save(activity("aad-1"), "ali.hassan");
    expect(await rows()).toHaveLength(0);
    // …a changed one is (a new service URL)
    await refs.save(activity("aad-1", "https://smba.example/amer/"), "ali.hassan");
    expect((await rows()).map((r) => r.serviceUrl)).toEqual(["https://smba.example/amer/"]);
    // removed through the store: the next message stores it again
    await refs.remove(activity("aad-1"));
    await refs.save(activity("aad-1", "https://smba.example/amer/"), "ali.hassan");
    expect(await rows()).toHaveLength(1);
  });

  it("writes an unchanged reference again once the remembered one is older than its time", async () => {
    const refs = new ConversationRefStore(core!.ctx.prisma, 20);
    await refs.save(activity("aad-1"), "ali.hassan");
    await core!.ctx.prisma.conversationRef.deleteMany({ where: { conversationId: "a:aad-1" } });
    await new Promise((r) => setTimeout(r, 30));
    await refs.save(activity("aad-1"), "ali.hassan");
    expect(await rows()).toHaveLength(1);
  });
});
