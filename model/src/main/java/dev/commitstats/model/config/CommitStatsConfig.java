package dev.commitstats.model.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * The YAML configuration: users to attribute commits to, sources of repositories, and the rules of
 * the transform.
 */
public record CommitStatsConfig(
    List<UserConfig> users, List<SourceConfig> sources, TransformSettings transform) {
  public CommitStatsConfig {
    users = users == null ? List.of() : List.copyOf(users);
    sources = sources == null ? List.of() : List.copyOf(sources);
    transform = transform == null ? TransformSettings.defaults() : transform;
    var ids = new HashSet<String>();
    for (UserConfig u : users) {
      if (!ids.add(u.id())) {
        throw new ConfigException("users: id '" + u.id() + "' appears twice: ids must be unique");
      }
    }
  }

  public CommitStatsConfig(List<UserConfig> users, List<SourceConfig> sources) {
    this(users, sources, null);
  }

  public static CommitStatsConfig empty() {
    return new CommitStatsConfig(List.of(), List.of(), null);
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public static CommitStatsConfig load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "config file " + file + " does not exist: check the --config path", e);
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public static CommitStatsConfig parse(String yaml, String origin) {
    if (yaml.isBlank()) {
      return empty();
    }
    try {
      ConfigErrors.checkKeys(YAML.readTree(yaml), CommitStatsConfig.class, "", origin, yaml);
      CommitStatsConfig config = YAML.readValue(yaml, CommitStatsConfig.class);
      return config == null ? empty() : config;
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw new ConfigException(origin + ": " + ce.getMessage(), ce);
      }
      var loc = e.getLocation();
      throw new ConfigException(
          origin
              + (loc != null ? " line " + loc.getLineNr() : "")
              + ": "
              + ConfigErrors.describe(e)
              + " (see the config keys in README.md)",
          e);
    } catch (IOException e) {
      throw new ConfigException(ConfigErrors.syntax(e, origin), e);
    }
  }
}
