package dev.commitstats.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/ checked without AWS: HCL syntax and formatting, the AWS provider's schema, references
 * and module interfaces, and the deployment's invariants. Each failure names the file, the block
 * and what is wrong.
 */
class TerraformChecksTest {
  static TerraformTree tree;
  static ProviderSchema schema;

  @BeforeAll
  static void read() throws Exception {
    tree = TerraformTree.read(Toolchain.TERRAFORM);
    schema = new ProviderSchema(Toolchain.nodeModules());
    assertThat(tree.files).as("the .tf files of terraform/").hasSizeGreaterThan(30);
  }

  @Test
  void everyFileIsValidHclInItsCanonicalFormat() throws Exception {
    Path hclfmt = Toolchain.hclfmt();
    var problems = new ArrayList<String>();
    for (Path file : tree.files) {
      String rel = Toolchain.TERRAFORM.relativize(file).toString();
      try {
        Toolchain.run(
            List.of(hclfmt.toString(), "-check", file.toString()),
            java.util.Map.of(),
            Toolchain.ROOT,
            60);
        String formatted =
            Toolchain.run(
                List.of(hclfmt.toString(), file.toString()),
                java.util.Map.of(),
                Toolchain.ROOT,
                60);
        if (!formatted.equals(Files.readString(file))) {
          problems.add(
              rel
                  + ": not in canonical format (run terraform fmt -recursive terraform/, or hclfmt -w)");
        }
      } catch (IllegalStateException e) {
        problems.add(rel + ": " + e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
    assertThat(tree.unparsable).isEmpty();
  }

  @Test
  void everyResourceAndArgumentIsTheAwsProvidersOwn() {
    var checks = new Checks(tree).schema(schema);
    report("provider schema", checks);
    assertThat(checks.problems).isEmpty();
  }

  @Test
  void modulesAreCalledAsDeclaredAndReferencesResolve() {
    var checks = new Checks(tree).modules().references();
    report("modules and references", checks);
    assertThat(checks.problems).isEmpty();
  }

  @Test
  void theDeploymentKeepsItsInvariants() {
    var checks = new Checks(tree).policies();
    report("policies", checks);
    assertThat(checks.problems).isEmpty();
  }

  @Test
  void bothEnvironmentsComposeEveryModule() {
    for (String env : List.of("dev", "prod")) {
      var folder = tree.folders.get(Toolchain.TERRAFORM.resolve("envs").resolve(env));
      assertThat(folder).as("terraform/envs/" + env).isNotNull();
      assertThat(folder.of("module").map(m -> m.body().path("source").asText()))
          .as("modules of envs/" + env)
          .containsExactlyInAnyOrder(
              "../../modules/lake",
              "../../modules/tokens",
              "../../modules/athena",
              "../../modules/ingest",
              "../../modules/glue-pipeline",
              "../../modules/api",
              "../../modules/digest-mail",
              "../../modules/alarms");
    }
  }

  private static void report(String what, Checks checks) {
    System.out.printf(
        "terraform checks (%s): %d files, %d resources, %d data sources, %d checks, %d problems%n",
        what,
        tree.files.size(),
        tree.all("resource").count(),
        tree.all("data").count(),
        checks.count,
        checks.problems.size());
    checks.problems.forEach(p -> System.out.println("  " + p));
  }
}
