import { describe, expect, it } from "vitest";
import { localeOfPath, switchLocalePath } from "@/lib/shared/i18n/locales";
import { pickLocale } from "@/lib/shared/i18n/pick-locale";
import { format } from "@/lib/shared/i18n/format";

describe("pickLocale", () => {
  const cases: [string | null, "en" | "zh"][] = [
    [null, "en"],
    ["", "en"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["zh-TW", "zh"],
    ["ZH-hans-cn", "zh"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9", "en"],
    ["fr-FR,zh;q=0.5", "zh"],
    ["en;q=0.5, zh-CN;q=0.9", "zh"],
    ["zh;q=0, en;q=0.1", "en"],
    ["de, en-GB;q=0.7, zh;q=0.7", "en"],
    ["*", "en"],
    ["zhx", "en"],
    ["zh;q=abc", "en"],
  ];
  it.each(cases)("%s → %s", (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });
});

describe("locale paths", () => {
  it("finds the locale that starts a path", () => {
    expect(localeOfPath("/zh")).toBe("zh");
    expect(localeOfPath("/en/gallery")).toBe("en");
    expect(localeOfPath("/")).toBeNull();
    expect(localeOfPath("/english")).toBeNull();
    expect(localeOfPath("/gallery/en")).toBeNull();
  });

  it("switches the locale of a path and keeps the rest", () => {
    expect(switchLocalePath("/en/gallery", "zh")).toBe("/zh/gallery");
    expect(switchLocalePath("/zh", "en")).toBe("/en");
    expect(switchLocalePath("/", "zh")).toBe("/zh");
    expect(switchLocalePath("/gallery", "en")).toBe("/en/gallery");
  });
});

describe("format", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format("{count} × {price}", { count: 2, price: "$0.003" })).toBe("2 × $0.003");
    expect(format("Hi {name}, {missing}", { name: "Ada" })).toBe("Hi Ada, {missing}");
  });
});
