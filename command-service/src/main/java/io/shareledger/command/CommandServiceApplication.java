package io.shareledger.command;

import io.shareledger.command.keys.KekRotationCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandServiceApplication {

    public static void main(String[] args) {
        if (KekRotationCommand.isRequested(args)) {
            KekRotationCommand.run(args);
            return;
        }
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
