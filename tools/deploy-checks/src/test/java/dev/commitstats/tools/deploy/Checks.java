package dev.commitstats.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.tools.deploy.TerraformTree.Block;
import dev.commitstats.tools.deploy.TerraformTree.Folder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks of terraform/ that need no AWS account. Each adds one line per problem, naming the
 * file, the block and what is wrong; {@link #count} counts the assertions made.
 */
final class Checks {
  static final Set<String> RESOURCE_META =
      Set.of(
          "count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection");
  static final Set<String> MODULE_META =
      Set.of("source", "version", "providers", "count", "for_each", "depends_on");
  private static final Pattern INTERPOLATION_REF =
      Pattern.compile(
          "(?<![\\w.\\]])(var|local|module|data)\\.([a-z0-9_-]+)(?:\\.([a-z0-9_]+))?(?:\\.([a-z0-9_]+))?");
  private static final Pattern RESOURCE_REF =
      Pattern.compile("(?<![\\w.\\]\"])(aws_[a-z0-9_]+)\\.([a-z0-9_]+)");

  /** The resources that take a policy, and the argument holding it. */
  private static final java.util.Map<String, String> POLICY_ARGUMENTS =
      java.util.Map.of(
          "aws_iam_role_policy", "policy",
          "aws_iam_role", "assume_role_policy",
          "aws_kms_key", "policy",
          "aws_s3_bucket_policy", "policy",
          "aws_sns_topic_policy", "policy",
          "aws_iam_policy", "policy");

  final TerraformTree tree;
  final List<String> problems = new ArrayList<>();
  int count;

  Checks(TerraformTree tree) {
    this.tree = tree;
    tree.unparsable.forEach(
        (f, why) -> problems.add(tree.root.relativize(f) + ": HCL does not parse it: " + why));
  }

  private void check(boolean ok, Block b, String what) {
    count++;
    if (!ok) {
      problems.add(b.where(tree.root) + ": " + what);
    }
  }

  private void check(boolean ok, Path file, String what) {
    count++;
    if (!ok) {
      problems.add(tree.root.relativize(file) + ": " + what);
    }
  }

  // ---------------------------------------------------------------- the provider's schema

  /** Every resource, data source and provider block against the AWS provider's schema. */
  Checks schema(ProviderSchema schema) {
    Stream.of("resource", "data", "provider")
        .flatMap(tree::all)
        .forEach(
            b -> {
              var shape = schema.shape(b.kind(), b.kind().equals("provider") ? b.name() : b.type());
              check(
                  shape.isPresent(),
                  b,
                  "the AWS provider 6.25 has no " + b.kind() + " type '" + b.type() + "'");
              shape.ifPresent(
                  s ->
                      body(
                          b,
                          b.type(),
                          b.body(),
                          s,
                          b.kind().equals("provider") ? Set.of("alias") : RESOURCE_META));
            });
    return this;
  }

  private void body(
      Block b, String path, JsonNode body, ProviderSchema.Shape shape, Set<String> meta) {
    var present = new HashSet<String>();
    for (var field : TerraformTree.iterable(body)) {
      String key = field.getKey();
      if (meta.contains(key)) {
        continue;
      }
      if (key.equals("dynamic")) {
        for (var dyn : TerraformTree.iterable(field.getValue())) {
          var block = shape.blocks().get(dyn.getKey());
          check(block != null, b, path + ": dynamic '" + dyn.getKey() + "' is not a block here");
          if (block != null) {
            present.add(dyn.getKey());
            for (JsonNode d : dyn.getValue()) {
              for (JsonNode content : d.path("content")) {
                body(b, path + "." + dyn.getKey(), content, block.shape(), Set.of());
              }
            }
          }
        }
        continue;
      }
      present.add(key);
      if (shape.arguments().containsKey(key)) {
        count++;
        continue;
      }
      var block = shape.blocks().get(key);
      if (block == null) {
        check(false, b, path + ": unknown argument or block '" + key + "'");
        continue;
      }
      check(field.getValue().isArray(), b, path + ": '" + key + "' is a block, not an argument");
      for (JsonNode nested : field.getValue()) {
        body(b, path + "." + key, nested, block.shape(), Set.of());
      }
    }
    shape
        .arguments()
        .forEach(
            (name, required) -> {
              if (required) {
                check(
                    present.contains(name), b, path + ": required argument '" + name + "' missing");
              }
            });
    shape
        .blocks()
        .forEach(
            (name, block) -> {
              if (block.required()) {
                check(present.contains(name), b, path + ": required block '" + name + "' missing");
              }
            });
  }

  // ---------------------------------------------------------------- modules and references

  /** Module calls against the modules' variables; each module's files, docs and pins. */
  Checks modules() {
    tree.all("module")
        .forEach(
            call -> {
              String source = call.body().path("source").asText("");
              Path dir = call.file().getParent().resolve(source).normalize();
              Folder module = tree.folders.get(dir);
              check(module != null, call, "source '" + source + "' is not a module folder here");
              if (module == null) {
                return;
              }
              for (var arg : TerraformTree.iterable(call.body())) {
                if (!MODULE_META.contains(arg.getKey())) {
                  check(
                      module.variable(arg.getKey()).isPresent(),
                      call,
                      "passes '" + arg.getKey() + "', which " + source + " does not declare");
                }
              }
              module
                  .of("variable")
                  .filter(v -> !v.body().has("default"))
                  .forEach(
                      v ->
                          check(
                              call.body().has(v.name()),
                              call,
                              "does not pass the required variable '"
                                  + v.name()
                                  + "' of "
                                  + source));
            });
    Path modulesDir = tree.root.resolve("modules");
    tree.folders.values().stream()
        .filter(f -> f.dir().getParent().equals(modulesDir))
        .forEach(this::module);
    tree.folders.values().stream()
        .filter(f -> f.dir().getParent().equals(tree.root.resolve("envs")))
        .forEach(this::environment);
    return this;
  }

  private void module(Folder f) {
    for (String file :
        List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
      check(Files.exists(f.dir().resolve(file)), f.dir().resolve(file), "missing (module layout)");
    }
    String readme = read(f.dir().resolve("README.md"));
    f.of("variable")
        .forEach(
            v -> {
              check(v.body().hasNonNull("description"), v, "has no description");
              check(v.body().hasNonNull("type"), v, "has no type");
              check(readme.contains("`" + v.name() + "`"), v, "is not documented in README.md");
            });
    f.of("output")
        .forEach(
            o -> {
              check(o.body().hasNonNull("description"), o, "has no description");
              check(readme.contains("`" + o.name() + "`"), o, "is not documented in README.md");
            });
    f.of("terraform")
        .forEach(
            t ->
                check(
                    awsProviderVersion(t).matches(">= 6\\.\\d+, < 7\\.0"),
                    t,
                    "a module pins the AWS provider as \">= 6.x, < 7.0\""));
  }

  /** The version constraint a terraform block puts on the AWS provider ("" when none). */
  private static String awsProviderVersion(Block terraform) {
    return terraform
        .body()
        .path("required_providers")
        .path(0)
        .path("aws")
        .path("version")
        .asText("");
  }

  private void environment(Folder f) {
    var terraform = f.of("terraform").toList();
    check(
        !terraform.isEmpty(),
        f.dir().resolve("versions.tf"),
        "an environment needs a terraform block");
    for (Block t : terraform) {
      check(
          awsProviderVersion(t).matches("~> 6\\.\\d+"),
          t,
          "an environment pins the AWS provider 6.x as \"~> 6.N\"");
      check(
          t.body().path("backend").has("s3"), t, "an environment keeps its state in an s3 backend");
    }
  }

  /** Every var., local., module., data. and resource reference names something declared. */
  Checks references() {
    for (Folder f : tree.folders.values()) {
      for (Block b : f.blocks()) {
        strings(b.body()).forEach(s -> interpolations(s).forEach(expr -> reference(f, b, expr)));
      }
      f.locals()
          .values()
          .forEach(
              v ->
                  strings(v)
                      .forEach(
                          s ->
                              interpolations(s)
                                  .forEach(
                                      expr ->
                                          reference(
                                              f,
                                              new Block(
                                                  "locals",
                                                  "locals",
                                                  "locals",
                                                  v,
                                                  f.dir().resolve("main.tf")),
                                              expr))));
    }
    return this;
  }

  private void reference(Folder f, Block b, String expr) {
    Matcher m = INTERPOLATION_REF.matcher(expr);
    while (m.find()) {
      String kind = m.group(1), name = m.group(2);
      switch (kind) {
        case "var" -> check(f.variable(name).isPresent(), b, "var." + name + " is not declared");
        case "local" ->
            check(f.locals().containsKey(name), b, "local." + name + " is not declared");
        case "data" -> {
          String type = name, dataName = m.group(3);
          check(
              f.data(type).anyMatch(d -> d.name().equals(dataName)),
              b,
              "data." + type + "." + dataName + " is not declared");
        }
        case "module" -> {
          Optional<Block> call = f.of("module").filter(c -> c.name().equals(name)).findFirst();
          check(call.isPresent(), b, "module." + name + " is not declared");
          if (call.isPresent() && m.group(3) != null) {
            Folder module =
                tree.folders.get(
                    f.dir().resolve(call.get().body().path("source").asText("")).normalize());
            String output = m.group(3);
            check(
                module != null && module.of("output").anyMatch(o -> o.name().equals(output)),
                b,
                "module." + name + "." + output + " is not an output of that module");
          }
        }
        default -> {}
      }
    }
    Matcher r = RESOURCE_REF.matcher(expr);
    while (r.find()) {
      String type = r.group(1), name = r.group(2);
      check(
          f.resources(type).anyMatch(x -> x.name().equals(name)),
          b,
          type + "." + name + " is not declared in this folder");
    }
  }

  /** The {@code ${…}} parts of a string. */
  static List<String> interpolations(String s) {
    var out = new ArrayList<String>();
    int i = s.indexOf("${");
    while (i >= 0) {
      int depth = 0, j = i + 1;
      for (; j < s.length(); j++) {
        char c = s.charAt(j);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          break;
        }
      }
      out.add(s.substring(i + 2, Math.min(j, s.length())));
      i = s.indexOf("${", j);
    }
    return out;
  }

  static Stream<String> strings(JsonNode n) {
    if (n == null) {
      return Stream.empty();
    }
    if (n.isTextual()) {
      return Stream.of(n.asText());
    }
    var out = new ArrayList<JsonNode>();
    n.elements().forEachRemaining(out::add);
    return out.stream().flatMap(Checks::strings);
  }

  // ---------------------------------------------------------------- the deployment's invariants

  /** Encryption, public access, versioning, lifecycle, Glue, Lambda, IAM, Athena, alarms. */
  Checks policies() {
    for (Folder f : tree.folders.values()) {
      f.resources("aws_s3_bucket").forEach(bucket -> bucket(f, bucket));
      f.resources("aws_kms_key")
          .forEach(
              k -> check(isTrue(f, k.body().get("enable_key_rotation")), k, "key rotation is off"));
      f.resources("aws_glue_job").forEach(j -> glueJob(f, j));
      f.resources("aws_lambda_function").forEach(l -> lambda(f, l));
      f.resources("aws_athena_workgroup").forEach(w -> workgroup(f, w));
      f.resources("aws_cloudwatch_log_group")
          .forEach(
              g ->
                  check(
                      g.body().has("retention_in_days"),
                      g,
                      "keeps logs forever (set retention_in_days)"));
      f.resources("aws_sns_topic")
          .forEach(
              t -> {
                check(t.body().has("kms_master_key_id"), t, "the topic is not encrypted");
                check(
                    !t.body().path("kms_master_key_id").asText().equals("alias/aws/sns"),
                    t,
                    "encrypted with the AWS managed key: EventBridge and CloudWatch alarms cannot"
                        + " publish to it (use a customer managed key)");
              });
      f.resources("aws_cloudfront_distribution")
          .forEach(
              d ->
                  check(
                      !d.block("default_cache_behavior")
                          .map(c -> c.path("viewer_protocol_policy").asText())
                          .orElse("allow-all")
                          .equals("allow-all"),
                      d,
                      "serves plain HTTP (viewer_protocol_policy allow-all)"));
      f.resources("aws_iam_role_policy_attachment")
          .forEach(
              a ->
                  check(
                      !a.body().path("policy_arn").asText().contains(":iam::aws:policy/"),
                      a,
                      "attaches an AWS managed policy (broader than this component needs)"));
      iam(f);
      if (!f.resources("aws_glue_job").toList().isEmpty()) {
        workflow(f);
      }
    }
    return this;
  }

  private void bucket(Folder f, Block bucket) {
    String ref = "aws_s3_bucket." + bucket.name();
    check(
        related(f, "aws_s3_bucket_public_access_block", ref)
            .anyMatch(
                p ->
                    Stream.of(
                            "block_public_acls",
                            "block_public_policy",
                            "ignore_public_acls",
                            "restrict_public_buckets")
                        .allMatch(k -> isTrue(f, p.body().get(k)))),
        bucket,
        "public access is not blocked (aws_s3_bucket_public_access_block with all four true)");
    check(
        related(f, "aws_s3_bucket_server_side_encryption_configuration", ref)
            .anyMatch(
                e -> {
                  JsonNode rule = e.body().path("rule").path(0);
                  JsonNode sse = rule.path("apply_server_side_encryption_by_default").path(0);
                  return sse.path("sse_algorithm").asText().startsWith("aws:kms")
                      && sse.hasNonNull("kms_master_key_id")
                      && isTrue(f, rule.get("bucket_key_enabled"));
                }),
        bucket,
        "not encrypted with SSE-KMS, a customer key and bucket keys");
    check(
        related(f, "aws_s3_bucket_versioning", ref)
            .anyMatch(
                v ->
                    v.body()
                        .path("versioning_configuration")
                        .path(0)
                        .path("status")
                        .asText()
                        .equals("Enabled")),
        bucket,
        "versioning is not enabled");
    check(
        related(f, "aws_s3_bucket_policy", ref)
            .anyMatch(
                p -> document(f, p.body().get("policy")).map(this::deniesPlainHttp).orElse(false)),
        bucket,
        "no bucket policy denies requests without TLS (aws:SecureTransport false)");
    // every bucket of the block (each key of its for_each) has lifecycle rules
    for (String key : keys(f, bucket)) {
      String one = key.isEmpty() ? ref : ref + "[\"" + key + "\"]";
      var lifecycles =
          f.resources("aws_s3_bucket_lifecycle_configuration")
              .filter(l -> l.body().path("bucket").asText().contains(one))
              .toList();
      check(
          !lifecycles.isEmpty(), bucket, (key.isEmpty() ? "" : key + ": ") + "no lifecycle rules");
      for (Block l : lifecycles) {
        check(
            rules(l).anyMatch(r -> r.has("noncurrent_version_expiration")),
            l,
            "old versions are never cleaned up (noncurrent_version_expiration)");
        check(
            rules(l).anyMatch(r -> r.has("abort_incomplete_multipart_upload")),
            l,
            "incomplete multipart uploads are kept forever");
        rules(l)
            .forEach(
                r ->
                    check(
                        r.path("status").asText().equals("Enabled"),
                        l,
                        "rule " + r.path("id").asText() + " is not Enabled"));
      }
    }
  }

  private static Stream<JsonNode> rules(Block l) {
    var out = new ArrayList<JsonNode>();
    l.body().path("rule").forEach(out::add);
    return out.stream();
  }

  /** The keys of a resource's for_each over a local map; one empty key without for_each. */
  private static Set<String> keys(Folder f, Block b) {
    String each = b.body().path("for_each").asText("");
    Matcher m = Pattern.compile("^\\$\\{local\\.([a-z0-9_]+)\\}$").matcher(each);
    if (m.find() && f.locals().get(m.group(1)) != null && f.locals().get(m.group(1)).isObject()) {
      var out = new LinkedHashSet<String>();
      f.locals().get(m.group(1)).fieldNames().forEachRemaining(out::add);
      return out;
    }
    return Set.of("");
  }

  /** Resources of a type that point at a resource (bucket = …ref…, or for_each = ref). */
  private static Stream<Block> related(Folder f, String type, String ref) {
    return f.resources(type)
        .filter(
            r ->
                r.body().path("bucket").asText().contains(ref)
                    || r.body().path("for_each").asText().equals("${" + ref + "}"));
  }

  private Optional<Block> document(Folder f, JsonNode value) {
    if (value == null || !value.isTextual()) {
      return Optional.empty();
    }
    Matcher m =
        Pattern.compile("data\\.aws_iam_policy_document\\.([a-z0-9_]+)").matcher(value.asText());
    if (!m.find()) {
      return Optional.empty();
    }
    return f.data("aws_iam_policy_document").filter(d -> d.name().equals(m.group(1))).findFirst();
  }

  private boolean deniesPlainHttp(Block doc) {
    for (JsonNode st : doc.body().path("statement")) {
      if (st.path("effect").asText().equals("Deny")) {
        for (JsonNode c : st.path("condition")) {
          if (c.path("variable").asText().equals("aws:SecureTransport")
              && c.path("values").toString().contains("false")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void glueJob(Folder f, Block job) {
    JsonNode command = job.block("command").orElse(null);
    check(command != null, job, "no command");
    String kind = command == null ? "" : command.path("name").asText();
    check(
        job.block("execution_property")
            .map(e -> e.path("max_concurrent_runs").asInt(-1) == 1)
            .orElse(false),
        job,
        "max_concurrent_runs must be 1 (one Delta writer at a time)");
    check(job.body().has("timeout"), job, "no timeout");
    check(
        resolve(f, job.body().get("max_retries")).asInt(-1) == 1,
        job,
        "max_retries must be 1 (one retry)");
    if (kind.equals("glueetl")) {
      check(
          resolve(f, job.body().get("glue_version")).asText().equals("5.0"),
          job,
          "glueetl jobs run on Glue 5.0");
      JsonNode args = arguments(f, job.body().get("default_arguments"));
      check(
          args.path("--job-bookmark-option").asText().equals("job-bookmark-disable"),
          job,
          "bookmarks must be off (--job-bookmark-option job-bookmark-disable)");
      // the jobs that read or write Delta tables; the distributed ingest writes Parquet only
      check(
          args.path("--class").asText().equals("CommitStatsIngest")
              || args.path("--datalake-formats").asText().equals("delta"),
          job,
          "--datalake-formats delta missing");
      check(args.hasNonNull("--extra-jars"), job, "--extra-jars (our jar) missing");
      check(args.hasNonNull("--class"), job, "--class (the Scala launcher) missing");
      check(
          args.path("--job-language").asText().equals("scala"),
          job,
          "--job-language scala missing");
    } else {
      check(
          kind.equals("pythonshell"),
          job,
          "command '" + kind + "' is neither glueetl nor pythonshell");
    }
  }

  /** default_arguments: an object, a local, or merge(local.X, {...}) (the local's keys). */
  private static JsonNode arguments(Folder f, JsonNode v) {
    if (v != null && v.isTextual()) {
      Matcher m = Pattern.compile("local\\.([a-z0-9_]+)").matcher(v.asText());
      if (m.find() && f.locals().containsKey(m.group(1))) {
        return f.locals().get(m.group(1));
      }
    }
    return v == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v;
  }

  private void workflow(Folder f) {
    var triggers = f.resources("aws_glue_trigger").toList();
    Block any = f.resources("aws_glue_job").findFirst().orElseThrow();
    check(
        !f.resources("aws_glue_workflow").toList().isEmpty(),
        any,
        "the Glue jobs have no workflow");
    check(
        triggers.stream()
            .anyMatch(
                t ->
                    t.body().path("type").asText().equals("EVENT")
                        && t.block("event_batching_condition")
                            .map(
                                c ->
                                    resolve(f, c.get("batch_window")).asInt(Integer.MAX_VALUE)
                                        <= 900)
                            .orElse(false)),
        any,
        "no EVENT trigger with an event_batching_condition whose batch_window is at most 900 s");
    check(
        triggers.stream()
            .anyMatch(
                t ->
                    t.body().path("type").asText().equals("CONDITIONAL")
                        && t.block("predicate")
                            .map(p -> p.toString().contains("SUCCEEDED"))
                            .orElse(false)),
        any,
        "no CONDITIONAL trigger after a SUCCEEDED job");
    check(
        f.resources("aws_glue_job")
            .anyMatch(j -> j.body().path("execution_class").asText().equals("FLEX")),
        any,
        "no Flex job (the backfill)");
    check(
        f.resources("aws_glue_trigger")
            .noneMatch(t -> t.body().path("type").asText().equals("SCHEDULED")),
        any,
        "a SCHEDULED trigger starts runs whether or not new data arrived");
  }

  private void lambda(Folder f, Block l) {
    String runtime = resolve(f, l.body().get("runtime")).asText();
    check(
        runtime.equals("java21") || runtime.equals("java25"),
        l,
        "runtime '" + runtime + "': use java21 or java25 (java17 is deprecated)");
    check(l.body().has("timeout"), l, "no timeout");
    // the API answers people: SnapStart (the weekly digest mailer starts cold, once a week)
    if (l.body().path("handler").asText().contains(".api.aws.ApiHandler")) {
      check(
          l.block("snap_start")
                  .map(s -> s.path("apply_on").asText().equals("PublishedVersions"))
                  .orElse(false)
              && isTrue(f, l.body().get("publish")),
          l,
          "the API starts cold without SnapStart (snap_start PublishedVersions, publish = true)");
    }
  }

  private void workgroup(Folder f, Block w) {
    JsonNode c = w.block("configuration").orElse(null);
    check(c != null, w, "no configuration");
    if (c == null) {
      return;
    }
    check(
        isTrue(f, c.get("enforce_workgroup_configuration")),
        w,
        "workgroup settings are not enforced");
    check(c.has("bytes_scanned_cutoff_per_query"), w, "no bytes_scanned_cutoff_per_query");
    check(
        c.path("engine_version")
            .path(0)
            .path("selected_engine_version")
            .asText()
            .equals("Athena engine version 3"),
        w,
        "not on Athena engine version 3");
    String enc =
        c.path("result_configuration")
            .path(0)
            .path("encryption_configuration")
            .path(0)
            .path("encryption_option")
            .asText();
    check(
        enc.equals("SSE_KMS") || enc.equals("CSE_KMS"),
        w,
        "query results are not encrypted with KMS");
  }

  private void iam(Folder f) {
    Set<String> keyPolicies = new HashSet<>();
    f.resources("aws_kms_key")
        .forEach(
            k -> document(f, k.body().get("policy")).ifPresent(d -> keyPolicies.add(d.name())));
    for (Block doc : f.data("aws_iam_policy_document").toList()) {
      for (JsonNode st : doc.body().path("statement")) {
        String sid = st.path("sid").asText("(no sid)");
        check(!st.has("not_actions"), doc, sid + ": not_actions allows everything else");
        check(!st.has("not_resources"), doc, sid + ": not_resources");
        for (String action : actions(f, st)) {
          check(!action.contains("*"), doc, sid + ": wildcard action '" + action + "'");
        }
        boolean allow = !st.path("effect").asText("Allow").equals("Deny");
        boolean anyResource = st.path("resources").toString().equals("[\"*\"]");
        boolean assume = actions(f, st).stream().allMatch(a -> a.equals("sts:AssumeRole"));
        if (allow && anyResource && !keyPolicies.contains(doc.name()) && !assume) {
          check(
              actions(f, st).equals(List.of("cloudwatch:PutMetricData")) && st.has("condition"),
              doc,
              sid + ": Allow on every resource (\"*\"); name the resources");
        }
        boolean decrypt = actions(f, st).contains("kms:Decrypt");
        if (decrypt && st.path("resources").toString().contains("tokens_kms_key_arn")) {
          check(
              st.path("condition").toString().contains("kms:EncryptionContextKeys"),
              doc,
              sid + ": decrypting tokens is not bound by the encryption context");
        }
      }
    }
    f.resources("aws_kms_key")
        .filter(k -> k.name().contains("token"))
        .forEach(
            k ->
                document(f, k.body().get("policy"))
                    .ifPresent(
                        d -> {
                          for (JsonNode st : d.body().path("statement")) {
                            if (actions(f, st).contains("kms:Decrypt")) {
                              String cond = st.path("condition").toString();
                              check(
                                  cond.contains("aws:PrincipalArn")
                                      && cond.contains("kms:EncryptionContextKeys"),
                                  d,
                                  st.path("sid").asText()
                                      + ": the token key's decrypt is not limited to named roles and the encryption context");
                            }
                          }
                        }));
    // every policy is a policy document (so the checks above see it), never inline JSON
    POLICY_ARGUMENTS.forEach(
        (type, argument) ->
            f.resources(type)
                .forEach(
                    b ->
                        check(
                            document(f, b.body().get(argument)).isPresent(),
                            b,
                            argument
                                + " is not an aws_iam_policy_document of this folder (inline"
                                + " policies escape the checks)")));
  }

  /** A statement's actions, a local list resolved. */
  private static List<String> actions(Folder f, JsonNode st) {
    JsonNode a = resolve(f, st.get("actions"));
    var out = new ArrayList<String>();
    if (a != null) {
      a.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  // ---------------------------------------------------------------- values

  /** A value, with {@code ${var.X}} replaced by its default and {@code ${local.X}} by its value. */
  static JsonNode resolve(Folder f, JsonNode v) {
    if (v == null || !v.isTextual()) {
      return v == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v;
    }
    Matcher m = Pattern.compile("^\\$\\{(var|local)\\.([a-z0-9_]+)\\}$").matcher(v.asText());
    if (!m.find()) {
      return v;
    }
    if (m.group(1).equals("local")) {
      return resolve(f, f.locals().get(m.group(2)));
    }
    return f.variable(m.group(2))
        .map(b -> resolve(f, b.body().get("default")))
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
  }

  private static boolean isTrue(Folder f, JsonNode v) {
    JsonNode r = resolve(f, v);
    return r.isBoolean() ? r.asBoolean() : r.asText().equals("true");
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
