// Conversation references are refreshed on every Teams message; one that is
// unchanged since this process stored it is not written again. Only service
// URLs the mode allows are stored or read back. Both databases, with the
// store as the service makes it (on SQLite its writes join the shared
// connection's group commit).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConversationRefOptions, ConversationRefStore } from "../../../adapters/teams/conversationRefs.js";
import { serviceUrlPolicy } from "../../../adapters/teams/serviceUrl.js";
import { openTestCore, type TestCore } from "../../support/core.js";
import { databaseKinds } from "../../support/databases.js";

const authenticated = serviceUrlPolicy("authenticated");

const activity = (user: string, serviceUrl = "https://smba.trafficmanager.net/emea/") => ({
  type: "message",
  channelId: "msteams",
  serviceUrl,
  from: { id: `29:${user}`, aadObjectId: user, name: user },
  recipient: { id: "28:bot", name: "Löftesbot" },
  conversation: { id: `a:${user}`, conversationType: "personal", tenantId: "tenant-1", isGroup: false, name: "" },
  channelData: { tenant: { id: "tenant-1" } },
});

for (const kind of databaseKinds)
  describe(`ConversationRefStore (${kind})`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind);
    });
    afterAll(async () => {
      await core?.drop();
    });
    const rows = () => core!.ctx.prisma.conversationRef.findMany({ where: { conversationId: "a:aad-1" } });

    const store = (allows = authenticated, options: ConversationRefOptions = {}) =>
      new ConversationRefStore(core!.ctx.prisma, allows, { embedded: core!.db.embedded, ...options });

    it("keeps the person of a 1:1 chat when a later message comes without one, and takes every other field anew", async () => {
      const refs = store();
      await refs.save(activity("aad-3"), "ali.hassan");
      const first = await refs.byConversation("a:aad-3");
      expect(first).toMatchObject({ personId: "ali.hassan", kind: "personal", tenantId: "tenant-1" });
      // the same chat from another region's service URL, sent by someone the bot does not know (yet)
      const moved = {
        ...activity("aad-3", "https://smba.trafficmanager.net/amer/"),
        conversation: { id: "a:aad-3", conversationType: "personal", tenantId: "tenant-2", isGroup: false, name: "" },
      };
      expect(await refs.save(moved, null)).toBe(true);
      const after = await refs.byConversation("a:aad-3");
      expect(after).toMatchObject({
        personId: "ali.hassan",
        serviceUrl: "https://smba.trafficmanager.net/amer/",
        tenantId: "tenant-2",
      });
      expect(after?.reference.conversation?.tenantId).toBe("tenant-2");
      const row = await core!.ctx.prisma.conversationRef.findMany({ where: { conversationId: "a:aad-3" } });
      expect(row).toHaveLength(1);
      expect(row[0].updatedAt.getTime()).toBeGreaterThan(0);
      // another person in the same chat id replaces the person (a re-created 1:1 chat)
      await refs.save(activity("aad-3", "https://smba.trafficmanager.net/amer/"), "sara.lind");
      expect((await refs.byConversation("a:aad-3"))?.personId).toBe("sara.lind");
    });

    it("leaves a stored row that says the same as it is (another process, or after the remembered time)", async () => {
      await store().save(activity("aad-4"), "ali.hassan");
      const stored = await core!.ctx.prisma.conversationRef.findFirstOrThrow({ where: { conversationId: "a:aad-4" } });
      await new Promise((r) => setTimeout(r, 15));
      // a new store remembers nothing: the statement runs, and changes nothing
      await store().save(activity("aad-4"), "ali.hassan");
      // a message without a known person keeps the person: the same, too
      await store().save(activity("aad-4"), null);
      const again = await core!.ctx.prisma.conversationRef.findFirstOrThrow({ where: { conversationId: "a:aad-4" } });
      expect(again.updatedAt.getTime()).toBe(stored.updatedAt.getTime());
      // a change is written
      await store().save(activity("aad-4"), "sara.lind");
      const changed = await core!.ctx.prisma.conversationRef.findFirstOrThrow({ where: { conversationId: "a:aad-4" } });
      expect(changed.personId).toBe("sara.lind");
      expect(changed.updatedAt.getTime()).toBeGreaterThan(stored.updatedAt.getTime());
    });

    it("writes a reference once while it stays the same, and again when it changes or was removed", async () => {
      const refs = store();
      await refs.save(activity("aad-1"), "ali.hassan");
      expect(await rows()).toHaveLength(1);
      // deleted behind the store's back: an unchanged reference is not written again…
      await core!.ctx.prisma.conversationRef.deleteMany({ where: { conversationId: "a:aad-1" } });
      await refs.save(activity("aad-1"), "ali.hassan");
      expect(await rows()).toHaveLength(0);
      // …a changed one is (a new service URL)
      await refs.save(activity("aad-1", "https://smba.trafficmanager.net/amer/"), "ali.hassan");
      expect((await rows()).map((r) => r.serviceUrl)).toEqual(["https://smba.trafficmanager.net/amer/"]);
      // removed through the store: the next message stores it again
      await refs.remove(activity("aad-1"));
      await refs.save(activity("aad-1", "https://smba.trafficmanager.net/amer/"), "ali.hassan");
      expect(await rows()).toHaveLength(1);
    });

    it("writes an unchanged reference again once the remembered one is older than its time", async () => {
      const refs = store(authenticated, { rememberMs: 20 });
      await refs.save(activity("aad-1"), "ali.hassan");
      await core!.ctx.prisma.conversationRef.deleteMany({ where: { conversationId: "a:aad-1" } });
      await new Promise((r) => setTimeout(r, 30));
      await refs.save(activity("aad-1"), "ali.hassan");
      expect(await rows()).toHaveLength(1);
    });

    it("stores no reference whose service URL the mode does not allow, and reads none back", async () => {
      const refs = store();
      expect(await refs.save(activity("aad-2", "https://evil.example/"), "ali.hassan")).toBe(false);
      expect(await core!.ctx.prisma.conversationRef.count({ where: { conversationId: "a:aad-2" } })).toBe(0);
      expect(await refs.save(activity("aad-2"), "ali.hassan")).toBe(true);
      // the same row seen by a store of the other mode (a local-mode process on this database): not usable
      const local = store(serviceUrlPolicy("local"));
      expect(await local.byConversation("a:aad-2")).toBeNull();
      expect(await local.personal("ali.hassan", "aad-2")).toBeNull();
      expect(await local.latestEndpoint()).toBeNull();
      expect(await refs.byConversation("a:aad-2")).toMatchObject({
        serviceUrl: "https://smba.trafficmanager.net/emea/",
      });
    });
  });
