package dev.svcnet.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The root README's IPVS example compiles against the current API: its Java block is taken
 * from README.md as it is (not a copy kept here), its imports kept, its statements put in a
 * method, and the result compiled with this module's classpath.
 */
class ReadmeExampleTest {

  private static final String MARKER = "Program IPVS from Java";

  @Test
  void theReadmeIpvsExampleCompiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf(MARKER);
    assertThat(section).as("README.md has the IPVS example").isNotNegative();
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    assertThat(body.toString()).contains("IpvsClient.open()").contains("addDestination");
    String source = imports + "class ReadmeExample {\n  static void run() throws Exception {\n"
        + body + "  }\n}\n";
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    JavaFileObject file = new SimpleJavaFileObject(
        URI.create("string:///ReadmeExample.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    Path out = Files.createTempDirectory("readme-example");
    StringWriter diagnostics = new StringWriter();
    boolean compiled = compiler.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString()),
        null, List.of(file)).call();
    assertThat(compiled).as(source + "\n" + diagnostics).isTrue();
    assertThat(out.resolve("ReadmeExample.class")).exists();
  }
}
