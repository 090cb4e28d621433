package dev.commitstats.api;

import dev.commitstats.api.service.CvService;
import dev.commitstats.api.service.StatusService;

/** What the HTTP layer needs: the services (which hold no Javalin) and the HTTP settings. */
public record ApiDeps(CvService cv, StatusService status, ApiSettings settings) {}
