package dev.commitstats.ingest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * jgit's own smart-HTTP server on loopback, behind HTTP Basic authentication: the right token
 * reads, a "forbidden" token gets 403, anything else 401 — as a git host answers.
 */
public final class TokenGitServer implements AutoCloseable {
  private final Server server;
  private final int port;

  public TokenGitServer(Path reposDir, String goodToken, String forbiddenToken) throws Exception {
    server = new Server();
    var connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    var context = new ServletContextHandler();
    context.setContextPath("/");
    var git = new GitServlet();
    git.setRepositoryResolver(
        (req, name) -> {
          Path dir = reposDir.resolve(name).normalize();
          if (!dir.startsWith(reposDir) || !Files.isDirectory(dir)) {
            throw new RepositoryNotFoundException(name);
          }
          try {
            Path gitDir = Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git") : dir;
            return new FileRepositoryBuilder()
                .setGitDir(gitDir.toFile())
                .setMustExist(true)
                .build();
          } catch (IOException e) {
            throw new RepositoryNotFoundException(name, e);
          }
        });
    context.addServlet(new ServletHolder(git), "/*");
    context.addFilter(
        new FilterHolder(new BasicAuth(goodToken, forbiddenToken)),
        "/*",
        EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  public String url(String repoName) {
    return "http://127.0.0.1:" + port + "/" + repoName;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private record BasicAuth(String good, String forbidden) implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      var req = (HttpServletRequest) request;
      var res = (HttpServletResponse) response;
      String header = req.getHeader("Authorization");
      String password = null;
      if (header != null && header.startsWith("Basic ")) {
        String decoded =
            new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        password = decoded.substring(decoded.indexOf(':') + 1);
      }
      if (good.equals(password)) {
        chain.doFilter(request, response);
      } else if (forbidden.equals(password)) {
        res.sendError(403, "Forbidden");
      } else {
        res.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
        res.sendError(401, "Unauthorized");
      }
    }
  }
}
