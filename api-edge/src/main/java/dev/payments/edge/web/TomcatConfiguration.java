package dev.payments.edge.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes Tomcat's own error answers (given before Spring MVC is reached) RFC 9457 problems too. */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // the host installs a valve of this class instead of its HTML ErrorReportValve
                host.getPipeline().addValve(new ProblemReportValve());
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }
}
