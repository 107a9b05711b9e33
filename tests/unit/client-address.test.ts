import { describe, expect, it } from "vitest";
import { clientKeyOf, clientNetworkOf } from "@/lib/http/client-address";

const SECRET = "test-secret-that-is-long-enough-000";

const keyOf = (address: string | null) => clientKeyOf(new Headers(address === null ? {} : { "cf-connecting-ip": address }), SECRET);

describe("clientNetworkOf", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(clientNetworkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetworkOf(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(clientNetworkOf("203.0.113.8")).toBe("203.0.113.8");
  });

  it("maps every spelling of an IPv6 address to its /64", () => {
    const spellings = [
      "2001:db8:1:2::5",
      "2001:0DB8:0001:0002:ffff::1",
      "2001:db8:1:2:0:0:0:0",
      "2001:DB8:1:2:1234:5678:9abc:def0",
      "2001:db8:1:2:ffff:ffff:ffff:ffff",
      "2001:db8:1:2::5%eth0",
      "2001:db8:1:2::5%25en0",
      "2001:db8:1:2::203.0.113.7",
    ];
    for (const spelling of spellings) expect(clientNetworkOf(spelling), spelling).toBe("2001:db8:1:2::/64");
  });

  it("tells /64 networks apart, however close", () => {
    expect(clientNetworkOf("2001:db8:1:3::5")).toBe("2001:db8:1:3::/64");
    // The last bit of the prefix decides; the first bit after it does not.
    expect(clientNetworkOf("2001:db8:1:2:ffff::")).toBe(clientNetworkOf("2001:db8:1:2::"));
    expect(clientNetworkOf("2001:db8:1:3::")).not.toBe(clientNetworkOf("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(clientNetworkOf("2001:db8:0:2::1")).not.toBe(clientNetworkOf("2001:db8:1:2::1"));
    expect(clientNetworkOf("2001:db9:1:2::1")).not.toBe(clientNetworkOf("2001:db8:1:2::1"));
  });

  it("treats an IPv4-mapped IPv6 address as the IPv4 client", () => {
    expect(clientNetworkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetworkOf("::FFFF:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetworkOf("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(clientNetworkOf("0:0:0:0:0:ffff:203.0.113.7")).toBe("203.0.113.7");
    // Not the whole ::ffff:0:0/96 as one network.
    expect(clientNetworkOf("::ffff:203.0.113.8")).not.toBe(clientNetworkOf("::ffff:203.0.113.7"));
  });

  it("drops a zone id", () => {
    expect(clientNetworkOf("fe80::1%eth0")).toBe("fe80::/64");
    expect(clientNetworkOf("fe80::2%lo")).toBe(clientNetworkOf("fe80::1"));
  });

  it("keeps missing and unparseable values as before: 'unknown', or the trimmed text", () => {
    expect(clientNetworkOf("")).toBe("unknown");
    expect(clientNetworkOf("   ")).toBe("unknown");
    expect(clientNetworkOf("not an address")).toBe("not an address");
    expect(clientNetworkOf(" garbage ")).toBe("garbage");
    expect(clientNetworkOf("2001:db8:1:2::5::1")).toBe("2001:db8:1:2::5::1");
    expect(clientNetworkOf("203.0.113.256")).toBe("203.0.113.256");
    expect(clientNetworkOf("[2001:db8:1:2::5]")).toBe("[2001:db8:1:2::5]");
  });
});

describe("clientKeyOf", () => {
  it("gives one key to one /64, another to the next /64, and never holds the address", async () => {
    const key = await keyOf("2001:db8:1:2::5");
    expect(key).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain("2001");
    for (const spelling of ["2001:0DB8:0001:0002:ffff::1", "2001:db8:1:2:abcd::9%eth0", " 2001:db8:1:2::6 "]) {
      expect(await keyOf(spelling), spelling).toBe(key);
    }
    expect(await keyOf("2001:db8:1:3::5")).not.toBe(key);
  });

  it("gives an IPv4 address and its IPv4-mapped form one key, and its neighbour another", async () => {
    const key = await keyOf("198.51.100.9");
    expect(await keyOf("::ffff:198.51.100.9")).toBe(key);
    expect(await keyOf("::ffff:c633:6409")).toBe(key);
    expect(await keyOf("198.51.100.10")).not.toBe(key);
  });

  it("keys a missing header as 'unknown', and an empty one the same", async () => {
    expect(await keyOf("")).toBe(await keyOf(null));
    expect(await keyOf("unknown")).toBe(await keyOf(null));
    expect(await keyOf("garbage")).not.toBe(await keyOf(null));
  });
});
