package dev.commitstats.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The offline tools of the checks, installed on first use into the user's cache: HCL's own {@code
 * hclfmt} built from Debian's HCL sources (GOPATH mode, no network), and the npm packages
 * {@code @cdktf/hcl2json} (HCL to JSON, HCL's parser compiled to wasm) and
 * {@code @cdktf/provider-aws} (generated bindings of every resource of the AWS provider).
 */
final class Toolchain {
  static final Path ROOT =
      Path.of(System.getProperty("commitstats.root", "../..")).toAbsolutePath();
  static final Path TERRAFORM = ROOT.resolve("terraform");
  private static final Path CACHE =
      Path.of(
          System.getenv()
              .getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache"),
          "commitstats",
          "deploy-checks");
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final String HCL_PACKAGE = "github.com/hashicorp/hcl/v2/cmd/hclfmt";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Toolchain() {}

  /** The hclfmt binary, built once from Debian's golang-github-hashicorp-hcl-v2-dev. */
  static synchronized Path hclfmt() throws IOException, InterruptedException {
    Path bin = CACHE.resolve("bin/hclfmt");
    if (Files.isExecutable(bin)) {
      return bin;
    }
    if (!Files.isDirectory(GOPATH.resolve("src").resolve(HCL_PACKAGE))) {
      throw new IllegalStateException(
          "HCL's sources are not in "
              + GOPATH
              + ": install golang-go and golang-github-hashicorp-hcl-v2-dev (Debian; ./commitstats"
              + " test installs them)");
    }
    Files.createDirectories(bin.getParent());
    run(
        List.of("go", "build", "-o", bin.toString(), HCL_PACKAGE),
        Map.of(
            "GOPATH",
            GOPATH.toString(),
            "GO111MODULE",
            "off",
            "GOFLAGS",
            "",
            "GOCACHE",
            CACHE.resolve("go-build").toString()),
        CACHE,
        300);
    return bin;
  }

  /** The node_modules folder holding the two pinned npm packages. */
  static synchronized Path nodeModules() throws IOException, InterruptedException {
    String provider = System.getProperty("provider.aws.npm.version", "21.22.1");
    String hcl2json = System.getProperty("hcl2json.npm.version", "0.21.0");
    Path dir = CACHE.resolve("npm-" + hcl2json + "-" + provider);
    Path modules = dir.resolve("node_modules");
    Path done = dir.resolve(".installed");
    if (Files.exists(done)) {
      return modules;
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("package.json"), "{\"private\": true}\n");
    run(
        List.of(
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
            dir.toString(),
            "@cdktf/hcl2json@" + hcl2json,
            "@cdktf/provider-aws@" + provider),
        Map.of(),
        dir,
        900);
    Files.writeString(done, provider + "\n");
    return modules;
  }

  /** Every given .tf file as Terraform's JSON form, by path. */
  static JsonNode toJson(List<Path> files) throws IOException, InterruptedException {
    Path modules = nodeModules();
    Path script = ROOT.resolve("tools/deploy-checks/src/test/node/hcl2json.cjs");
    var command = new ArrayList<String>(List.of("node", script.toString()));
    files.forEach(f -> command.add(f.toString()));
    String out = run(command, Map.of("NODE_PATH", modules.toString()), ROOT, 300);
    return JSON.readTree(out);
  }

  /** Runs a command; its standard output, or a failure that quotes what it printed. */
  static String run(List<String> command, Map<String, String> env, Path dir, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path err = Files.createTempFile("deploy-checks", ".err");
    Path out = Files.createTempFile("deploy-checks", ".out");
    try {
      var pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new IllegalStateException(
            command.get(0)
                + " is not installed: install it (./commitstats test installs golang-go; Node.js"
                + " and npm come with the machine)",
            e);
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command.subList(0, Math.min(3, command.size())))
                + " did not finish in "
                + timeoutSeconds
                + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command.subList(0, Math.min(3, command.size())))
                + " failed ("
                + p.exitValue()
                + "): "
                + (Files.readString(err, StandardCharsets.UTF_8)
                        + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8))
                    .strip());
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(err);
      Files.deleteIfExists(out);
    }
  }
}
