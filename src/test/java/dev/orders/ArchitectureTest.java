package dev.orders;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.orders.db.Jdbc;
import dev.orders.db.Migrations;
import dev.orders.product.ProductCodec;

/**
 * The boundaries of the production code (src/main; tests may cross them), checked on the
 * compiled classes in every `mvn verify`. docs/architecture.md explains them.
 */
@AnalyzeClasses(packages = "dev.orders", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String API = "dev.orders.api.v1..";

  /** perf, seed and cli are tools around the service; Main only dispatches to cli. */
  private static final String[] TOOLS = {"dev.orders.perf..", "dev.orders.seed..", "dev.orders.cli.."};

  /**
   * The running service: every package of dev.orders but the tools and the generated API, so a new
   * feature package (ops, auth, ...) is held to these rules without being listed here.
   */
  private static final DescribedPredicate<JavaClass> SERVICE = resideInAPackage("dev.orders..")
      .and(not(resideInAnyPackage(TOOLS))).and(not(resideInAPackage(API)))
      .and(not(JavaClass.Predicates.belongToAnyOf(Main.class)))
      .as("the service's packages");

  @ArchTest
  static final ArchRule loadToolUsesOnlyTheWireContract = noClasses()
      .that().resideInAPackage("dev.orders.perf..")
      .should().dependOnClassesThat(resideInAPackage("dev.orders..")
          .and(not(resideInAnyPackage(API, "dev.orders.perf.."))))
      .because("the load tool must run against any build of the service and any other implementation of"
          + " orders.v1: it speaks the generated API only, and reads the database through its own SQL"
          + " (the dataset contract in perf/README.md)");

  @ArchTest
  static final ArchRule serviceDoesNotDependOnTools = noClasses()
      .that(SERVICE)
      .should().dependOnClassesThat().resideInAnyPackage(TOOLS)
      .because("perf, seed and cli are tools that use the service; the service must build and run without them");

  @ArchTest
  static final ArchRule onlyTheGrpcEdgeSpeaksTheGeneratedApi = noClasses()
      .that(SERVICE)
      .and().resideOutsideOfPackage("dev.orders.grpc..")
      .and().doNotBelongToAnyOf(ProductCodec.class)
      .should().dependOnClassesThat().resideInAPackage(API)
      .because("the gRPC edge validates and maps, so the domain does not change when the wire does; the one"
          + " exception is product.ProductCodec, because cached products are stored in Redis as the API's protobuf"
          + " Product bytes: compact, fast to parse, tolerant of added fields, and no second format to keep in step");

  @ArchTest
  static final ArchRule serviceSqlRegistriesOnlyInRepositories = classes()
      .that(SERVICE).and().haveSimpleNameEndingWith("Sql")
      .should().onlyHaveDependentClassesThat(simpleNameEndingWith("Repository").or(simpleNameEndingWith("Sql")))
      .because("a repository owns its SQL, and every statement sits in one *Sql registry so the index gate can"
          + " EXPLAIN it; SQL issued from anywhere else would escape the gate");

  @ArchTest
  static final ArchRule seedSqlOnlyInTheSeed = classes()
      .that().haveSimpleNameEndingWith("Sql").and().resideInAPackage("dev.orders.seed..")
      .should().onlyHaveDependentClassesThat().resideInAPackage("dev.orders.seed..")
      .because("the seed's bulk SQL writes whole tables and is not meant for the service");

  @ArchTest
  static final ArchRule jdbcOnlyInToolsAndMigrations = noClasses()
      .that().resideOutsideOfPackages("dev.orders.seed..", "dev.orders.perf..", "dev.orders.cli..")
      .and().doNotBelongToAnyOf(Migrations.class, Jdbc.class)
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..",
          "org.flywaydb..")
      .because("JDBC blocks its thread: the service talks to PostgreSQL only through the async Vert.x client,"
          + " and blocking JDBC is for migrations before start-up and for the command-line tools");

  @ArchTest
  static final ArchRule tokensOnlyInAuthAndTheirMinters = noClasses()
      .that().resideOutsideOfPackages("dev.orders.auth..", "dev.orders.perf..")
      .should().dependOnClassesThat().resideInAPackage("io.vertx.ext.auth..")
      .because("the service verifies tokens in one place (auth) and hands the rest a Caller record, so the domain"
          + " and the edge never see a JWT; perf mints the tokens a client sends, as any client of orders.v1 would");

  @ArchTest
  static final ArchRule noVertxInternals = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..internal..", "io.vertx..impl..")
      .because("Vert.x's internal and impl packages are not its API and change between releases without notice");
}
